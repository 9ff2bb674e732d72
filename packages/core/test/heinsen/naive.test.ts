import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AnyMechanism,
  evaluate,
  GraphBuilder,
  heinsenAttention,
  heinsenLogMechanism,
  ReferenceBackend,
  runParallel,
  Tensor,
} from '../../src/index.js';
import { firstMismatch, naiveAttention, naiveLogAttention } from './naive-oracle.js';
import { caseDimsArb, randomInputs } from './random-inputs.js';

const backend = new ReferenceBackend();

/** A mechanism's naive.ts on the float64 interpreter, for q [b, h, n_q, d_k], k and v [b, h, n_k, d]. */
function runNaive(
  x: { q: Tensor; k: Tensor; v: Tensor },
  causal: boolean,
  mechanism: AnyMechanism = heinsenAttention,
): Tensor {
  const b = new GraphBuilder();
  const input = (name: string, t: Tensor) => b.input(name, 'float32', [...t.shape]);
  const inputs = { q: input('q', x.q), k: input('k', x.k), v: input('v', x.v) };
  const out = mechanism.naive!(b, inputs, { causal });
  return evaluate(b.build({ out }), { q: x.q, k: x.k, v: x.v }).out!;
}

const dimsOf = (x: { q: Tensor; k: Tensor; v: Tensor }) => ({
  bh: x.q.shape[0]! * x.q.shape[1]!,
  nq: x.q.shape[2]!,
  nk: x.k.shape[2]!,
  dk: x.q.shape[3]!,
  dv: x.v.shape[3]!,
});

describe("heinsen's naive.ts", () => {
  it('equals the float64 loops of the definition and the parallel form, causal and not', async () => {
    await fc.assert(
      fc.asyncProperty(caseDimsArb, fc.boolean(), async (d, causal) => {
        const x = randomInputs(d, 3, 2);
        const naive = runNaive(x, causal);
        expect(
          firstMismatch(naive.data, naiveAttention(x.q.data, x.k.data, x.v.data, dimsOf(x), causal), 1e-12),
        ).toBeUndefined();
        const parallel = await runParallel(backend, heinsenAttention, x, { causal });
        expect(firstMismatch(parallel.out.data, naive.data, 1e-9)).toBeUndefined();
      }),
      { numRuns: 12 },
    );
  });

  it('is exact for |q|, |k| up to 1e4 and signed V, where an unshifted exp overflows', async () => {
    await fc.assert(
      fc.asyncProperty(caseDimsArb, async (d) => {
        const x = randomInputs(d, 1e4, 5);
        const naive = runNaive(x, true);
        expect(Array.from(naive.data).every(Number.isFinite)).toBe(true);
        const expected = naiveAttention(x.q.data, x.k.data, x.v.data, dimsOf(x), true);
        expect(firstMismatch(naive.data, expected, 1e-9)).toBeUndefined();
      }),
      { numRuns: 8 },
    );
  });

  it('non-causal allows n_q != n_k', () => {
    const q = Tensor.float64([0.5, -1, 2, 0.25], [1, 1, 2, 2]);
    const k = Tensor.float64([1, 0, -2, 3, 0.5, 0.5], [1, 1, 3, 2]);
    const v = Tensor.float64([1, -4, 0, 2, -3, 5], [1, 1, 3, 2]);
    const expected = naiveAttention(q.data, k.data, v.data, { bh: 1, nq: 2, nk: 3, dk: 2, dv: 2 }, false);
    expect(firstMismatch(runNaive({ q, k, v }, false).data, expected, 1e-12)).toBeUndefined();
  });

  it('causal needs n_q == n_k: a ShapeError naming the shapes', () => {
    const b = new GraphBuilder();
    const inputs = {
      q: b.input('q', 'float32', [1, 1, 2, 2]),
      k: b.input('k', 'float32', [1, 1, 3, 2]),
      v: b.input('v', 'float32', [1, 1, 3, 2]),
    };
    expect(() => heinsenAttention.naive!(b, inputs, { causal: true })).toThrow(
      /heinsen naive: causal attention needs n_q == n_k; got q \[1, 1, 2, 2\]/,
    );
  });
});

describe("heinsen-log's naive.ts", () => {
  it('equals the float64 loops of the log-space definition and the parallel form, at any log-V spread', async () => {
    await fc.assert(
      fc.asyncProperty(caseDimsArb, fc.boolean(), fc.constantFrom(3, 1000), async (d, causal, range) => {
        const x = randomInputs(d, range, 2);
        const logV = Tensor.float64(
          Float64Array.from(x.v.data, (v, i) => (i % 5 === 0 ? Number.NEGATIVE_INFINITY : v * range)),
          [...x.v.shape],
        );
        const inputs = { q: x.q, k: x.k, v: logV };
        const naive = runNaive(inputs, causal, heinsenLogMechanism);
        const expected = naiveLogAttention(x.q.data, x.k.data, logV.data, dimsOf(inputs), causal);
        expect(firstMismatch(naive.data, expected, 1e-12)).toBeUndefined();
        const parallel = await runParallel(backend, heinsenLogMechanism, inputs, { causal });
        expect(firstMismatch(parallel.out.data, naive.data, 1e-9)).toBeUndefined();
      }),
      { numRuns: 12 },
    );
  });
});
