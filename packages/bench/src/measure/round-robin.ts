import { InvalidArgumentError } from '@constant-attention/core';

export interface RoundRobinBudget {
  /** Timed rounds at least; also at least `minTimeMs` of timed work in all. */
  readonly minRounds: number;
  readonly minTimeMs: number;
  /** Rounds of one step per arm, run first and left out of the statistics; they size the batch. */
  readonly warmupRounds: number;
  readonly warmupMs: number;
  /**
   * A visit (one arm's batch within a round) aims at about this long, or at the slowest arm's step
   * where that is longer, so a fast step comes in batches.
   */
  readonly visitMs: number;
  readonly maxStepsPerVisit: number;
  /**
   * Untimed steps at the start of each visit (default 0). Switching arms costs the first step after
   * the switch: on ORT CPU with two sessions, heinsen chunked (n = 8192) took 154-191 ms right after a
   * MatMul visit against 125-160 ms in a row, and the MatMul's first step after it 40-45 ms against
   * 16-25. An arm whose visit is one step would carry that cost in every round and the other arm would
   * not; a warm step per visit times both in steady state.
   */
  readonly visitWarmupSteps?: number;
}

export interface RoundRobinSamples {
  /** [arm][round] -> the ms of each step in that arm's batch in that round. */
  readonly steps: readonly (readonly (readonly number[])[])[];
  /** Steps per visit, per arm (fixed after warm-up). */
  readonly stepsPerVisit: readonly number[];
  readonly rounds: number;
}

export type Clock = () => number;

/** The arms in the order round `round` visits them: 0..count-1 rotated left by `round`. */
export function roundOrder(count: number, round: number): number[] {
  return Array.from({ length: count }, (_, i) => (i + round) % count);
}

/**
 * Enough steps for a visit of about `visitMs` at the warm-up's fastest step, within [1, max]. The
 * fastest, not the median: a stall only lengthens a step, and on a busy machine a median of a short
 * warm-up can be mostly stalls, which would shrink the batch to one step.
 */
export function stepsPerVisit(warmupMs: readonly number[], visitMs: number, max: number): number {
  const fastest = Math.min(...warmupMs);
  if (!(fastest > 0 && Number.isFinite(fastest))) return max;
  return Math.min(max, Math.max(1, Math.round(visitMs / fastest)));
}

/**
 * Runs every arm in rounds: each round visits each arm once, in `roundOrder`, and times a batch of its
 * steps; the order rotates so no arm always follows the same one. A slow period therefore lands on
 * all arms of the rounds it spans, instead of on whichever arm's window it fell in.
 *
 * Why not tinybench (the project's timing library, time-task.ts): a Bench runs its tasks one after
 * another, each in its own time window, so a load change between windows (other jobs on this shared
 * 2-core machine) shows up as a fake difference between the tasks. Interleaving needs a loop tinybench
 * does not have; this is the minimal one, timing each step with performance.now() as tinybench does.
 */
export async function runRoundRobin(
  arms: readonly (() => Promise<unknown>)[],
  budget: RoundRobinBudget,
  now: Clock = () => performance.now(),
): Promise<RoundRobinSamples> {
  if (arms.length === 0) throw new InvalidArgumentError('round-robin timing needs at least one arm');
  const timeOne = async (arm: () => Promise<unknown>) => {
    const start = now();
    await arm();
    return now() - start;
  };

  const warmup: number[][] = arms.map(() => []);
  const warmupStart = now();
  for (let round = 0; round < budget.warmupRounds || now() - warmupStart < budget.warmupMs; round++) {
    for (const a of roundOrder(arms.length, round)) warmup[a]!.push(await timeOne(arms[a]!));
  }
  // A round lasts at least one step of its slowest arm; the faster arms spend about as long per visit
  // (up to the cap), so each arm's share of a round's time, and of any slow period in it, is alike.
  const visitMs = Math.max(budget.visitMs, ...warmup.map((w) => Math.min(...w)));
  const batch = warmup.map((w) => stepsPerVisit(w, visitMs, budget.maxStepsPerVisit));

  const steps: number[][][] = arms.map(() => []);
  let timedMs = 0;
  let rounds = 0;
  while (rounds < budget.minRounds || timedMs < budget.minTimeMs) {
    for (const a of roundOrder(arms.length, rounds)) {
      for (let s = 0; s < (budget.visitWarmupSteps ?? 0); s++) await arms[a]!();
      const visit: number[] = [];
      for (let s = 0; s < batch[a]!; s++) visit.push(await timeOne(arms[a]!));
      steps[a]!.push(visit);
      timedMs += visit.reduce((sum, ms) => sum + ms, 0);
    }
    rounds++;
  }
  return { steps, stepsPerVisit: batch, rounds };
}
