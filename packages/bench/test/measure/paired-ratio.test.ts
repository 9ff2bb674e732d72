import { InvalidArgumentError } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { latencyStats } from '../../src/measure/latency-stats.js';
import { pairedRatio, roundTimes } from '../../src/measure/paired-ratio.js';
import { runRoundRobin } from '../../src/measure/round-robin.js';
import { FakeClock } from './fake-clock.js';

describe('roundTimes', () => {
  it("is each round's batch median", () => {
    expect(roundTimes([[3, 1, 2], [5, 100, 4, 6], [7]])).toEqual([2, 5.5, 7]);
  });
});

describe('pairedRatio', () => {
  it('is the median, p10 and p90 of the per-round ratios, by hand', () => {
    // ratios 1, 1, 1.1, 1.1 (sorted); p10 at position 0.3, p90 at 2.7 (numpy's linear rule).
    const paired = pairedRatio([2, 6, 2.2, 6.6], [2, 6, 2, 6]);
    expect(paired.median).toBeCloseTo(1.05, 12);
    expect(paired.p10).toBeCloseTo(1, 12);
    expect(paired.p90).toBeCloseTo(1.1, 12);
    expect(paired.rounds).toBe(4);
  });

  it('cancels a load change that a ratio of medians keeps', () => {
    // Two equal-cost arms. Interleaved, a busy round (3 ms) hits both: every ratio is 1.
    const reference = [1, 1, 1, 3, 1];
    const arm = [1, 1, 1, 3, 1];
    expect(pairedRatio(arm, reference).median).toBe(1);
    // The same arm timed in a window of its own that fell mostly in a busy period: 3x by medians.
    const sequentialArm = [3, 3, 3, 1, 3];
    expect(latencyStats(sequentialArm).median_ms / latencyStats(reference).median_ms).toBe(3);
  });

  it('needs the same non-zero number of rounds on both arms', () => {
    expect(() => pairedRatio([1, 2], [1])).toThrow(InvalidArgumentError);
    expect(() => pairedRatio([], [])).toThrow(InvalidArgumentError);
  });
});

describe('round-robin timing + paired ratio under drifting load (fake clock)', () => {
  // Load alternates between 1x and 3x every 50 ms of fake time.
  const load = (now: number) => (Math.floor(now / 50) % 2 === 0 ? 1 : 3);
  const budget = {
    minRounds: 60,
    minTimeMs: 0,
    warmupRounds: 1,
    warmupMs: 0,
    visitMs: 4,
    maxStepsPerVisit: 16,
  };

  it('reports a flat mechanism as flat: median ratio exactly 1', async () => {
    const clock = new FakeClock();
    const arms = [0, 1].map((i) => clock.arm(i, [], load));
    const { steps } = await runRoundRobin(arms, budget, clock.now);
    const [short, long] = steps.map(roundTimes);
    expect(pairedRatio(long!, short!).median).toBe(1);
  });

  it('reports a real 1.5x growth as 1.5, not less', async () => {
    const clock = new FakeClock();
    const arms = [1, 1.5].map((base, i) => clock.arm(i, [], (now) => base * load(now)));
    const { steps } = await runRoundRobin(arms, budget, clock.now);
    const [short, long] = steps.map(roundTimes);
    expect(pairedRatio(long!, short!).median).toBeCloseTo(1.5, 12);
  });
});

describe('latencyStats', () => {
  it('summarizes every sample, by hand', () => {
    const stats = latencyStats([10, 1, 4, 2, 3]);
    expect(stats).toMatchObject({ median_ms: 3, min_ms: 1, max_ms: 10, samples: 5 });
    expect(stats.p10_ms).toBeCloseTo(1.4, 12);
    expect(stats.p90_ms).toBeCloseTo(7.6, 12);
  });
});
