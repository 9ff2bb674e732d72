import { describe, expect, it } from 'vitest';
import { Tensor } from '../../src/index.js';
import { rng, runGraph } from '../interpreter/oracle.js';
import { globalShiftLogCumSumExp, sequentialLogCumSumExp } from './log-cum-sum-exp-oracle.js';

const NEG_INF = Number.NEGATIVE_INFINITY;

// 20 doubling levels over a million entries in the float64 interpreter: the slowest test of the core
// (tens of seconds on a loaded 2-core machine), so it gets its own file and a generous timeout.
describe('LogCumSumExp over 2^20 entries', () => {
  it('matches the sequential float64 loop, with a -inf prefix and a rise from -1e4 to 1e4', () => {
    const n = 1 << 20;
    const leading = 1000;
    const random = rng(2026);
    // A noisy ramp: each prefix is dominated by recent entries, so every level of the scan matters
    // and a global shift by the final max (1e4) would underflow the first half.
    const data = Float64Array.from({ length: n }, (_, i) =>
      i < leading ? NEG_INF : -1e4 + (2e4 * i) / n + 100 * (random() - 0.5),
    );
    const out = runGraph({ x: Tensor.float64(data, [1, n]) }, (g, v) => g.logCumSumExp(v.x!, 1)).data;
    const expected = sequentialLogCumSumExp(data, { exclusive: false, reverse: false });
    const shortcut = globalShiftLogCumSumExp(data);

    for (let i = 0; i < leading; i++) expect(out[i]).toBe(NEG_INF);
    let worst = 0;
    for (let i = leading; i < n; i++) {
      const err = Math.abs(out[i]! - expected[i]!) / Math.max(1, Math.abs(expected[i]!));
      if (!(err <= worst)) worst = err;
    }
    expect(worst).toBeLessThan(1e-13);
    expect(shortcut[n / 4]).toBe(NEG_INF);
    expect(out[n / 4]).toBeCloseTo(expected[n / 4]!, 9);
  }, 180_000);
});
