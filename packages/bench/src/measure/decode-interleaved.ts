import { type AnyMechanism, type Executable, InvalidArgumentError } from '@constant-attention/core';
import type { DecodeSample } from '../schema/bench-results.js';
import type { ContextState } from '../workload/context-state.js';
import { decodeArm } from './decode-arm.js';
import { latencyStats } from './latency-stats.js';
import { pairedRatio, roundTimes } from './paired-ratio.js';
import { type RoundRobinBudget, runRoundRobin } from './round-robin.js';

export type DecodeMeasurement = Omit<DecodeSample, 'suite' | 'mechanism' | 'backend' | 'device' | 'cost'>;

export interface DecodeContext {
  readonly n: number;
  readonly context: ContextState;
}

/**
 * Visits of about 3 ms give a 0.1-1 ms step a batch of 3-16 steps, so a round over three lengths takes
 * about 10 ms on a quiet machine: load changes slower than that hit every length of the round alike.
 * --quick asks for 500 ms of timed steps per length and at least 20 rounds of a constant-state step
 * (a paired median over fewer rounds moves by several percent on a busy machine), but only 5 rounds of
 * a growing one: softmax's step takes about a second at 65536 (its shorter contexts get up to 16 steps
 * per visit meanwhile), and its growth is 100-fold, not 10%.
 */
export function decodeRoundRobinBudget(
  quick: boolean,
  lengthCount: number,
  grows: boolean,
): RoundRobinBudget {
  return quick
    ? {
        minRounds: grows ? 5 : 20,
        minTimeMs: 500 * lengthCount,
        warmupRounds: 1,
        warmupMs: 100,
        visitMs: 3,
        maxStepsPerVisit: 16,
      }
    : {
        minRounds: grows ? 16 : 64,
        minTimeMs: 1000 * lengthCount,
        warmupRounds: 4,
        warmupMs: 250,
        visitMs: 3,
        maxStepsPerVisit: 32,
      };
}

/**
 * Times one compiled step at every context at once, interleaved round by round (round-robin.ts), and
 * takes ownership of the contexts (all disposed at the end). Each length's LatencyStats come from all of
 * its steps; its `paired_ratio` is against the shortest context, round by round (paired-ratio.ts).
 */
export async function timeDecodeInterleaved(
  step: Executable,
  mechanism: AnyMechanism,
  contexts: readonly DecodeContext[],
  budget: RoundRobinBudget,
): Promise<DecodeMeasurement[]> {
  const arms = contexts.map(({ context }) => decodeArm(step, mechanism, context));
  try {
    if (contexts.length === 0) throw new InvalidArgumentError('decode: no context lengths to time');
    const measured = await runRoundRobin(
      arms.map((arm) => arm.step),
      budget,
    );
    const reference = contexts.reduce((shortest, c, i) => (c.n < contexts[shortest]!.n ? i : shortest), 0);
    const referenceRounds = roundTimes(measured.steps[reference]!);
    return contexts.map(({ n, context }, i) => ({
      ...latencyStats(measured.steps[i]!.flat()),
      n,
      state_bytes: context.stateBytes,
      prefix_tokens: context.prefixTokens,
      paired_ratio: {
        reference_n: contexts[reference]!.n,
        ...pairedRatio(roundTimes(measured.steps[i]!), referenceRounds),
      },
    }));
  } finally {
    for (const arm of arms) arm.dispose();
  }
}
