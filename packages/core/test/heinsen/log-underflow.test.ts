import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { heinsenLogMechanism, ReferenceBackend, runParallel, Tensor } from '../../src/index.js';
import { mulberry32 } from '../support/mulberry32.js';
import { runCausalForms } from '../support/run-causal-forms.js';
import { firstMismatch, naiveLogAttention } from './naive-oracle.js';
import { caseDimsArb, uniformTensor } from './random-inputs.js';

const backend = new ReferenceBackend();
const NEG_INF = Number.NEGATIVE_INFINITY;

// The README's failing input (q = [30], k = [30, -90], log V = [-200, 0]: -inf for a truth of -120 in
// float32) scaled past float64's range, where the reference interpreter's GEMMs underflowed the same
// way: the key that weighs most holds a V of e^-1000, the one with V = 1 weighs e^-800 less.
describe('log-space heinsen at log-V and key spreads past the float range (issue 18, item 2)', () => {
  it('non-causal parallel: the exact log o, not -inf', async () => {
    const q = Tensor.float64([300], [1, 1, 1, 1]);
    const k = Tensor.float64([300, -500], [1, 1, 2, 1]);
    const logV = Tensor.float64([-1000, 0], [1, 1, 2, 1]);
    const expected = naiveLogAttention(
      q.data,
      k.data,
      logV.data,
      { bh: 1, nq: 1, nk: 2, dk: 1, dv: 1 },
      false,
    );
    expect(expected[0]).toBeCloseTo(-800, 9);
    const run = await runParallel(backend, heinsenLogMechanism, { q, k, v: logV }, { causal: false });
    expect(firstMismatch(run.out.data, expected, 1e-12)).toBeUndefined();
  });

  it('every causal form and the state: a chunk whose key sums and causal blocks underflowed', async () => {
    const shape = [1, 1, 4, 1];
    const q = Tensor.float64([300, 300, 300, 300], shape);
    const k = Tensor.float64([300, -500, 300, -500], shape);
    const logV = Tensor.float64([-1000, 0, -1000, 0], shape);
    const expected = naiveLogAttention(
      q.data,
      k.data,
      logV.data,
      { bh: 1, nq: 4, nk: 4, dk: 1, dv: 1 },
      true,
    );
    expect(Array.from(expected).every(Number.isFinite)).toBe(true);
    const runs = await runCausalForms(heinsenLogMechanism, { q, k, v: logV }, 2);
    for (const [form, run] of Object.entries(runs)) {
      expect(firstMismatch(run.out.data, expected, 1e-12), form).toBeUndefined();
      // log H_S = LSE_j(k_j + log V_j) = LSE(-700, -500, -700, -500).
      const logHS = run.state!.logHS!.data[0]!;
      expect(Math.abs(logHS - (-500 + Math.log(2 + 2 * Math.exp(-200)))), form).toBeLessThan(1e-9);
    }
  });

  it('random q, k up to 1000 and log V down to -4000 (some V of 0): every form equals the float64 definition', async () => {
    await fc.assert(
      fc.asyncProperty(caseDimsArb, async (d) => {
        const random = mulberry32(d.seed);
        const bh = [d.batch, d.heads];
        const q = uniformTensor(random, [...bh, d.n, d.dk], -1000, 1000);
        const k = uniformTensor(random, [...bh, d.n, d.dk], -1000, 1000);
        const logV = uniformTensor(random, [...bh, d.n, d.dv], -4000, 0);
        for (let i = 0; i < logV.data.length; i += 5) (logV.data as Float64Array)[i] = NEG_INF;
        const dims = { bh: d.batch * d.heads, nq: d.n, nk: d.n, dk: d.dk, dv: d.dv };
        const expected = naiveLogAttention(q.data, k.data, logV.data, dims, true);
        const runs = await runCausalForms(heinsenLogMechanism, { q, k, v: logV }, d.chunkSize);
        for (const [form, run] of Object.entries(runs))
          expect(firstMismatch(run.out.data, expected, 1e-9), form).toBeUndefined();
        const nonCausal = await runParallel(
          backend,
          heinsenLogMechanism,
          { q, k, v: logV },
          { causal: false },
        );
        const all = naiveLogAttention(q.data, k.data, logV.data, dims, false);
        expect(firstMismatch(nonCausal.out.data, all, 1e-9)).toBeUndefined();
      }),
      { numRuns: 15 },
    );
  });
});
