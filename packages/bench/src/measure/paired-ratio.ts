import { InvalidArgumentError } from '@constant-attention/core';
import { percentile } from './percentile.js';

/** One arm against a reference arm, round by round. */
export interface PairedRatio {
  /** Median over rounds of t_round(arm) / t_round(reference). */
  readonly median: number;
  readonly p10: number;
  readonly p90: number;
  /** How many rounds were paired. */
  readonly rounds: number;
}

const median = (values: readonly number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

/**
 * An arm's time in one round: the median of that round's batch, so one step stretched by the
 * scheduler does not decide the round (the batch is a few ms; a stall is tens of ms).
 */
export function roundTimes(steps: readonly (readonly number[])[]): number[] {
  return steps.map(median);
}

/**
 * The ratio of two arms measured in the same rounds: a load change between rounds scales both
 * numerator and denominator of that round's ratio, so it cancels, where a ratio of the two arms'
 * overall medians keeps it whenever the arms' samples were taken under different load.
 */
export function pairedRatio(arm: readonly number[], reference: readonly number[]): PairedRatio {
  if (arm.length !== reference.length) {
    throw new InvalidArgumentError(
      `paired ratio needs the same rounds on both arms, got ${arm.length} and ${reference.length}`,
    );
  }
  if (arm.length === 0) throw new InvalidArgumentError('paired ratio needs at least one round');
  const ratios = arm.map((t, round) => t / reference[round]!).sort((a, b) => a - b);
  return {
    median: percentile(ratios, 0.5),
    p10: percentile(ratios, 0.1),
    p90: percentile(ratios, 0.9),
    rounds: ratios.length,
  };
}
