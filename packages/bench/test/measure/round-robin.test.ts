import { InvalidArgumentError } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { roundTimes } from '../../src/measure/paired-ratio.js';
import {
  type RoundRobinBudget,
  roundOrder,
  runRoundRobin,
  stepsPerVisit,
} from '../../src/measure/round-robin.js';
import { FakeClock } from './fake-clock.js';

const budget = (overrides: Partial<RoundRobinBudget>): RoundRobinBudget => ({
  minRounds: 1,
  minTimeMs: 0,
  warmupRounds: 0,
  warmupMs: 0,
  visitMs: 4,
  maxStepsPerVisit: 16,
  ...overrides,
});

describe('roundOrder', () => {
  it('rotates the arms left by the round number', () => {
    expect(roundOrder(3, 0)).toEqual([0, 1, 2]);
    expect(roundOrder(3, 1)).toEqual([1, 2, 0]);
    expect(roundOrder(3, 2)).toEqual([2, 0, 1]);
    expect(roundOrder(3, 4)).toEqual([1, 2, 0]);
    expect(roundOrder(1, 5)).toEqual([0]);
  });

  it('puts every arm in every position once per cycle of rounds', () => {
    const count = 4;
    for (let position = 0; position < count; position++) {
      const arms = Array.from({ length: count }, (_, round) => roundOrder(count, round)[position]);
      expect([...arms].sort()).toEqual([0, 1, 2, 3]);
    }
  });
});

describe('stepsPerVisit', () => {
  it('fits a visit of visitMs at the fastest warm-up step, within [1, max]', () => {
    expect(stepsPerVisit([0.5, 1, 10], 5, 16)).toBe(10); // fastest 0.5 ms -> 10 steps
    expect(stepsPerVisit([0.5, 1, 10], 5, 8)).toBe(8);
    expect(stepsPerVisit([800, 900], 5, 16)).toBe(1);
    expect(stepsPerVisit([3, 40], 5, 16)).toBe(2); // 5 / 3 = 1.67 rounds to 2
  });

  it('takes the cap when there was no warm-up to size from', () => {
    expect(stepsPerVisit([], 5, 16)).toBe(16);
  });
});

describe('runRoundRobin', () => {
  it('warms up one step per arm per round, then visits each arm with a batch in rotated order', async () => {
    const clock = new FakeClock();
    const log: number[] = [];
    const costs = [1, 1, 2];
    const arms = costs.map((c, i) => clock.arm(i, log, () => c));
    const result = await runRoundRobin(arms, budget({ warmupRounds: 2, minRounds: 3 }), clock.now);
    // visitMs 4 fits 4 steps of arms 0 and 1 and 2 of arm 2.
    expect(result.stepsPerVisit).toEqual([4, 4, 2]);
    expect(result.rounds).toBe(3);
    const warmup = [0, 1, 2, 1, 2, 0];
    const round0 = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2];
    const round1 = [1, 1, 1, 1, 2, 2, 0, 0, 0, 0];
    const round2 = [2, 2, 0, 0, 0, 0, 1, 1, 1, 1];
    expect(log).toEqual([...warmup, ...round0, ...round1, ...round2]);
    const four = [1, 1, 1, 1];
    expect(result.steps).toEqual([
      [four, four, four],
      [four, four, four],
      [
        [2, 2],
        [2, 2],
        [2, 2],
      ],
    ]);
  });

  it("stretches the fast arms' visits to the slowest arm's step, up to the cap", async () => {
    const clock = new FakeClock();
    const arms = [1, 0.5, 10].map((c, i) => clock.arm(i, [], () => c));
    // One step of arm 2 takes 10 ms (> visitMs 4): arm 0 gets 10 steps, arm 1 20 capped at 16.
    const result = await runRoundRobin(arms, budget({ warmupRounds: 1, minRounds: 2 }), clock.now);
    expect(result.stepsPerVisit).toEqual([10, 16, 1]);
    expect(result.steps.map((arm) => arm.map((visit) => visit.length))).toEqual([
      [10, 10],
      [16, 16],
      [1, 1],
    ]);
  });

  it('runs visitWarmupSteps untimed steps at the start of every visit, so a switch costs no arm', async () => {
    const clock = new FakeClock();
    const log: number[] = [];
    // The first step after a switch to an arm costs 5 ms, later ones 1 ms.
    let last = -1;
    const arms = [0, 1].map((i) =>
      clock.arm(i, log, () => {
        const cost = last === i ? 1 : 5;
        last = i;
        return cost;
      }),
    );
    const result = await runRoundRobin(
      arms,
      budget({ maxStepsPerVisit: 2, minRounds: 2, visitWarmupSteps: 1 }),
      clock.now,
    );
    expect(log).toEqual([0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0]);
    expect(result.steps).toEqual([
      [
        [1, 1],
        [1, 1],
      ],
      [
        [1, 1],
        [1, 1],
      ],
    ]);
  });

  it('refuses to run without arms', async () => {
    await expect(runRoundRobin([], budget({}), () => 0)).rejects.toThrow(InvalidArgumentError);
  });

  it('keeps going past minRounds until minTimeMs of timed steps', async () => {
    const clock = new FakeClock();
    const log: number[] = [];
    const arms = [0, 1].map((i) => clock.arm(i, log, () => 1));
    // No warm-up: the cap, 2 steps per visit, so 4 ms per round; 10 ms needs 3 rounds (12 ms).
    const result = await runRoundRobin(arms, budget({ maxStepsPerVisit: 2, minTimeMs: 10 }), clock.now);
    expect(result.rounds).toBe(3);
    expect(log).toEqual([0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1]);
  });

  it('warms up for warmupMs even past warmupRounds', async () => {
    const clock = new FakeClock();
    const log: number[] = [];
    const arms = [0, 1].map((i) => clock.arm(i, log, () => 1));
    // 2 ms per warm-up round: 5 ms of warm-up takes 3 rounds (6 ms).
    await runRoundRobin(arms, budget({ warmupRounds: 1, warmupMs: 5, minRounds: 0 }), clock.now);
    expect(log.slice(0, 6)).toEqual([0, 1, 1, 0, 0, 1]);
  });

  it('puts a load change on every arm of the rounds it spans', async () => {
    const clock = new FakeClock();
    const log: number[] = [];
    // Load triples from 100 ms of fake time on; both arms cost the same at any instant.
    const load = (now: number) => (now < 100 ? 1 : 3);
    const arms = [0, 1].map((i) => clock.arm(i, log, load));
    const result = await runRoundRobin(arms, budget({ warmupRounds: 1, minRounds: 40 }), clock.now);
    const [a, b] = result.steps.map(roundTimes);
    // 4 steps per visit, 8 ms per round before the change: rounds 0-11 (96 ms) are all at 1 ms;
    // round 12 starts at 98 ms (after 2 ms of warm-up) and straddles; the rest are all at 3 ms.
    expect(a!.slice(0, 12)).toEqual(Array(12).fill(1));
    expect(b!.slice(0, 12)).toEqual(Array(12).fill(1));
    expect(a!.slice(13)).toEqual(Array(27).fill(3));
    expect(b!.slice(13)).toEqual(Array(27).fill(3));
  });
});
