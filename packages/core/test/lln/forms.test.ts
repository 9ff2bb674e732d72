import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AnyMechanism,
  buildParallelGraph,
  evaluate,
  GraphBuilder,
  InvalidArgumentError,
  llnAttention,
  llnDiagAttention,
  momentMatchedScales,
  ReferenceBackend,
  runChunked,
  runParallel,
  runRecurrent,
  Tensor,
} from '../../src/index.js';
import { runCausalForms } from '../support/run-causal-forms.js';
import { sliceSeq } from '../support/slice-seq.js';
import { type Dims, dimsArb, expectAllClose, randomInputs } from './fixtures.js';
import { naiveBlockSoftmax, naiveLln, naiveScales } from './naive.js';

const backend = new ReferenceBackend();
const REL = 1e-9;
const RUNS = { numRuns: 25 };

function naiveOut(
  mechanism: AnyMechanism,
  inputs: { q: Tensor; k: Tensor; v: Tensor },
  d: Dims,
  o: { causal: boolean; eps: number; alpha: number; beta: number },
): Float64Array {
  const dims = { b: d.batch, h: d.heads, n: d.n, d: d.dk };
  const lln = naiveLln(inputs.q.data, inputs.k.data, inputs.v.data, dims, d.n, d.dv, o);
  if (mechanism === llnAttention) return lln;
  const diag = naiveBlockSoftmax(inputs.q.data, inputs.k.data, inputs.v.data, dims, d.dv, o.causal);
  return lln.map((x, i) => 0.5 * (x + diag[i]!));
}

describe.each([
  ['lln', llnAttention, 1e-8],
  ['lln-diag', llnDiagAttention, 1e-5],
] as const)('%s forms against the naive float64 formula', (_, mechanism, eps) => {
  it('uses the documented default eps', () => {
    expect(mechanism.defaultOptions).toEqual({ eps });
  });

  it('parallel (non-causal and causal) with moment-matched scales', async () => {
    await fc.assert(
      fc.asyncProperty(dimsArb, async (d) => {
        const inputs = randomInputs(d);
        if (d.batch * d.heads * d.n * d.dk < 2) return;
        const scales = naiveScales(inputs.q.data, inputs.k.data);
        for (const causal of [false, true]) {
          const { out } = await runParallel(backend, mechanism, inputs, { causal });
          const expected = naiveOut(mechanism, inputs, d, { causal, eps, ...scales });
          expectAllClose(out.data, expected, REL, `causal=${causal}`);
        }
      }),
      RUNS,
    );
  });

  it('recurrent == chunked == causal parallel with frozen scales, n not a multiple of C', async () => {
    await fc.assert(
      fc.asyncProperty(dimsArb, fc.double({ min: 0.2, max: 4, noNaN: true }), async (d, alpha) => {
        const inputs = randomInputs(d);
        const scales = { alpha, beta: 1.7 / alpha + 0.3 };
        const options = { eps, scales };
        const expected = naiveOut(mechanism, inputs, d, { causal: true, eps, ...scales });
        const { parallel, chunked, recurrent } = await runCausalForms(
          mechanism,
          inputs,
          d.chunkSize,
          options,
        );
        expectAllClose(parallel.out.data, expected, REL, 'parallel');
        expectAllClose(chunked.out.data, expected, REL, 'chunked');
        expectAllClose(recurrent.out.data, expected, REL, 'recurrent');
        for (const [name, value] of Object.entries(recurrent.state!)) {
          const fromParallel = parallel.state![name]!;
          const fromChunked = chunked.state![name]!;
          expect(fromParallel.shape, name).toEqual(value.shape);
          expectAllClose(fromParallel.data, value.data, REL, `parallel state ${name}`);
          expectAllClose(fromChunked.data, value.data, REL, `chunked state ${name}`);
        }
      }),
      RUNS,
    );
  });

  it('a parallel or chunked prefix continued by the recurrent form equals the full parallel run', async () => {
    await fc.assert(
      fc.asyncProperty(dimsArb, fc.nat(), async (d, splitSeed) => {
        if (d.n < 2) return;
        const split = 1 + (splitSeed % (d.n - 1));
        const inputs = randomInputs(d);
        const options = { eps, scales: naiveScales(inputs.q.data, inputs.k.data) };
        const full = await runParallel(backend, mechanism, inputs, { ...options, causal: true });
        const part = (start: number, end: number) => ({
          q: sliceSeq(inputs.q, start, end),
          k: sliceSeq(inputs.k, start, end),
          v: sliceSeq(inputs.v, start, end),
        });
        const expected = sliceSeq(full.out, split, d.n).data;
        const prefix = await runParallel(backend, mechanism, part(0, split), { ...options, causal: true });
        const rest = await runRecurrent(backend, mechanism, part(split, d.n), options, prefix.state);
        expectAllClose(rest.out.data, expected, REL, `after parallel prefix of ${split}`);
        const chunkedPrefix = await runChunked(backend, mechanism, part(0, split), {
          ...options,
          chunkSize: d.chunkSize,
        });
        const rest2 = await runRecurrent(backend, mechanism, part(split, d.n), options, chunkedPrefix.state);
        expectAllClose(rest2.out.data, expected, REL, `after chunked prefix of ${split}`);
      }),
      RUNS,
    );
  });

  it('handles a symbolic sequence length in the parallel form', () => {
    const d: Dims = { batch: 2, heads: 1, n: 7, dk: 3, dv: 2, chunkSize: 1, seed: 5, qkScale: 1 };
    const inputs = randomInputs(d);
    const scales = naiveScales(inputs.q.data, inputs.k.data);
    for (const causal of [false, true]) {
      const graph = buildParallelGraph(
        mechanism,
        { batch: 'batch', heads: 'heads', seqQ: 'seq', seqK: 'seq', dk: 3, dv: 2 },
        { causal },
      );
      const { out } = evaluate(graph, inputs);
      const expected = naiveOut(mechanism, inputs, d, { causal, eps, ...scales });
      expectAllClose(out!.data, expected, REL, `symbolic causal=${causal}`);
    }
  });

  it('rejects a recurrent start without frozen scales, and bad options', () => {
    const dims = { batch: 1, heads: 1, dk: 2, dv: 2 };
    expect(() => mechanism.initialState(dims, { eps })).toThrow(InvalidArgumentError);
    expect(() => mechanism.initialState(dims, { eps })).toThrow(/frozen scales/);
    const graphDims = { batch: 1, heads: 1, seqQ: 3, seqK: 3, dk: 2, dv: 2 };
    const bad = [{ eps: -1 }, { eps: Number.NaN }, { eps, scales: { alpha: 0, beta: 1 } }];
    for (const options of bad) {
      expect(() => buildParallelGraph(mechanism, graphDims, { causal: false, ...options })).toThrow(
        InvalidArgumentError,
      );
    }
  });
});

describe('lln moment matching and causality', () => {
  it('alpha and beta match the formula on the global unbiased std', () => {
    fc.assert(
      fc.property(dimsArb, (d) => {
        const inputs = randomInputs(d);
        if (d.batch * d.heads * d.n * d.dk < 2) return;
        const b = new GraphBuilder();
        const q = b.input('q', 'float32', inputs.q.shape);
        const k = b.input('k', 'float32', inputs.k.shape);
        const { alpha, beta } = momentMatchedScales(b, q, k);
        const got = evaluate(b.build({ alpha, beta }), { q: inputs.q, k: inputs.k });
        const expected = naiveScales(inputs.q.data, inputs.k.data);
        expectAllClose(got.alpha!.data, [expected.alpha], 1e-12, 'alpha');
        expectAllClose(got.beta!.data, [expected.beta], 1e-12, 'beta');
      }),
      RUNS,
    );
  });

  it('with frozen scales, a huge future key changes no earlier output (the running max does not leak)', async () => {
    const d: Dims = { batch: 1, heads: 2, n: 10, dk: 3, dv: 2, chunkSize: 4, seed: 3, qkScale: 1 };
    const inputs = randomInputs(d);
    const k2 = Float64Array.from(inputs.k.data);
    k2[7 * 3 + 1] = 50;
    const changed = { ...inputs, k: Tensor.float64(k2, inputs.k.shape) };
    for (const mechanism of [llnAttention, llnDiagAttention]) {
      const options = { causal: true, scales: { alpha: 1.2, beta: 0.9 } };
      const before = await runParallel(backend, mechanism, inputs, options);
      const after = await runParallel(backend, mechanism, changed, options);
      const early = (t: Tensor) => sliceSeq(t, 0, 7).data;
      expect(Array.from(early(after.out))).toEqual(Array.from(early(before.out)));
      expect(sliceSeq(after.out, 7, 10).data).not.toEqual(sliceSeq(before.out, 7, 10).data);
    }
  });
});

describe('lln-diag shape rules', () => {
  it('needs n_q == n_k, naming both', () => {
    const dims = { batch: 1, heads: 1, seqQ: 3, seqK: 5, dk: 2, dv: 2 };
    expect(() => buildParallelGraph(llnDiagAttention, dims, { causal: false })).toThrow(/n_q == n_k.*3.*5/);
  });

  it('lln allows n_q != n_k and d_v != d_k when non-causal', () => {
    const d: Dims = { batch: 1, heads: 2, n: 9, dk: 3, dv: 2, chunkSize: 1, seed: 11, qkScale: 2 };
    const keys = randomInputs(d);
    const q = sliceSeq(keys.q, 0, 4);
    const graph = buildParallelGraph(
      llnAttention,
      { batch: 1, heads: 2, seqQ: 4, seqK: 9, dk: 3, dv: 2 },
      { causal: false },
    );
    const { out } = evaluate(graph, { q, k: keys.k, v: keys.v });
    const scales = naiveScales(q.data, keys.k.data);
    const expected = naiveLln(q.data, keys.k.data, keys.v.data, { b: 1, h: 2, n: 4, d: 3 }, 9, 2, {
      causal: false,
      eps: 1e-8,
      ...scales,
    });
    expectAllClose(out!.data, expected, REL, 'n_q != n_k');
  });
});
