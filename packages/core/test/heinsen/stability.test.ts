import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
  heinsenAttention,
  heinsenLogMechanism,
  ReferenceBackend,
  runChunked,
  Tensor,
} from '../../src/index.js';
import { runCausalForms } from '../support/run-causal-forms.js';
import { firstMismatch, naiveAttention, naiveLogAttention } from './naive-oracle.js';
import { caseDimsArb, randomInputs } from './random-inputs.js';

const backend = new ReferenceBackend();

/** float32-rounded, as a float32 caller would pass them. */
const toFloat32 = (t: Tensor) => Tensor.float64(Float64Array.from(Float32Array.from(t.data)), [...t.shape]);

function expectFiniteAndClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel: number) {
  expect(Array.from(actual).every(Number.isFinite)).toBe(true);
  expect(firstMismatch(actual, expected, rel)).toBeUndefined();
}

// Scores reach 2e4, so weights are near one-hot and scores differ by thousands: any unshifted exp, or
// per-row/per-key offsets whose argmaxes disagree, would give inf, 0/0 or log 0 here.
it('|q|, |k| up to 1e4: every form stays finite and equals the float64 quadratic definition', async () => {
  await fc.assert(
    fc.asyncProperty(caseDimsArb, async (d) => {
      const raw = randomInputs(d, 1e4, 2);
      const x = { q: toFloat32(raw.q), k: toFloat32(raw.k), v: toFloat32(raw.v) };
      const expected = naiveAttention(
        x.q.data,
        x.k.data,
        x.v.data,
        { bh: d.batch * d.heads, nq: d.n, nk: d.n, dk: d.dk, dv: d.dv },
        true,
      );
      // The oracle and the graph round differently on scores near 2e4 (ulp ~ 4e-12).
      const rel = 1e-8;
      for (const run of Object.values(await runCausalForms(heinsenAttention, x, d.chunkSize))) {
        expectFiniteAndClose(run.out.data, expected, rel);
      }
    }),
    { numRuns: 10 },
  );
});

it('the case that breaks per-row and per-key offsets: keys at -1e4 and +1e4 with disagreeing argmaxes', async () => {
  // Token 0 sees only key 0, far below key 1 in every dim; key 1 peaks in dim 0, query 0 in dim 1.
  const shape = [1, 1, 3, 2];
  const q = Tensor.float64([-1e4, 1e4, 1e4, -1e4, 0, 0], shape);
  const k = Tensor.float64([-1e4, -9000, 1e4, -1e4, -5000, 5000], shape);
  const v = Tensor.float64([1, -2, 3, 4, -5, 6], shape);
  const expected = naiveAttention(q.data, k.data, v.data, { bh: 1, nq: 3, nk: 3, dk: 2, dv: 2 }, true);
  expect(expected[0]).toBe(1); // token 0's output is v_0 exactly
  for (const run of Object.values(await runCausalForms(heinsenAttention, { q, k, v }, 2))) {
    expectFiniteAndClose(run.out.data, expected, 1e-9);
  }
  const logV = Tensor.float64([0, Number.NEGATIVE_INFINITY, 1, -700, Number.NEGATIVE_INFINITY, 2], shape);
  const logExpected = naiveLogAttention(
    q.data,
    k.data,
    logV.data,
    { bh: 1, nq: 3, nk: 3, dk: 2, dv: 2 },
    true,
  );
  const logRun = await runChunked(backend, heinsenLogMechanism, { q, k, v: logV }, { chunkSize: 2 });
  expect(firstMismatch(logRun.out.data, logExpected, 1e-9)).toBeUndefined();
  expect(logRun.out.data[1]).toBe(Number.NEGATIVE_INFINITY);
});
