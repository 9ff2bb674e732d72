import { InvalidArgumentError } from '../errors.js';

/** Learning rate for a 0-based step; evaluated on the host and fed as the scalar `lr` input. */
export type LrSchedule = (step: number) => number;

export interface CosineScheduleOptions {
  readonly peakLr: number;
  readonly totalSteps: number;
  /** Linear warm-up from peakLr / warmupSteps (step 0) to peakLr (step warmupSteps - 1). Default 0. */
  readonly warmupSteps?: number;
  /** Floor the cosine decays to at the last step. Default 0. */
  readonly minLr?: number;
}

function checkPositive(what: string, value: number): void {
  if (!(value > 0 && Number.isFinite(value)))
    throw new InvalidArgumentError(`${what} must be a finite number > 0, got ${value}`);
}

function checkStep(step: number, total: number): void {
  if (!Number.isInteger(step) || step < 0)
    throw new InvalidArgumentError(`schedule: step must be an integer >= 0, got ${step}`);
  if (step >= total) throw new InvalidArgumentError(`schedule: step ${step} is past totalSteps ${total}`);
}

/** Linear warm-up, then half a cosine from peakLr down to minLr over the remaining steps. */
export function cosineSchedule(options: CosineScheduleOptions): LrSchedule {
  const { peakLr, totalSteps } = options;
  const warmup = options.warmupSteps ?? 0;
  const minLr = options.minLr ?? 0;
  checkPositive('cosineSchedule: peakLr', peakLr);
  if (!Number.isInteger(totalSteps) || totalSteps < 1)
    throw new InvalidArgumentError(`cosineSchedule: totalSteps must be an integer >= 1, got ${totalSteps}`);
  if (!Number.isInteger(warmup) || warmup < 0 || warmup >= totalSteps) {
    throw new InvalidArgumentError(
      `cosineSchedule: warmupSteps must be an integer in [0, totalSteps), got ${warmup}`,
    );
  }
  if (!(minLr >= 0 && minLr <= peakLr))
    throw new InvalidArgumentError(`cosineSchedule: minLr must be in [0, peakLr], got ${minLr}`);
  return (step) => {
    checkStep(step, totalSteps);
    if (step < warmup) return (peakLr * (step + 1)) / warmup;
    const decaySteps = totalSteps - warmup;
    const progress = decaySteps <= 1 ? 0 : (step - warmup) / (decaySteps - 1);
    return minLr + 0.5 * (peakLr - minLr) * (1 + Math.cos(Math.PI * progress));
  };
}

export interface OneCycleScheduleOptions {
  readonly maxLr: number;
  readonly totalSteps: number;
  /** Fraction of steps spent rising. Default 0.3. */
  readonly pctStart?: number;
  /** Initial lr = maxLr / divFactor. Default 25. */
  readonly divFactor?: number;
  /** Final lr = initial lr / finalDivFactor. Default 1e4. */
  readonly finalDivFactor?: number;
}

/**
 * torch.optim.lr_scheduler.OneCycleLR's learning rate (cosine annealing, two phases): cosine from
 * maxLr/divFactor up to maxLr at step pctStart * totalSteps - 1, then cosine down to the final lr
 * at step totalSteps - 1. Momentum cycling is not part of it.
 */
export function oneCycleSchedule(options: OneCycleScheduleOptions): LrSchedule {
  const { maxLr, totalSteps } = options;
  const pctStart = options.pctStart ?? 0.3;
  const divFactor = options.divFactor ?? 25;
  const finalDivFactor = options.finalDivFactor ?? 1e4;
  checkPositive('oneCycleSchedule: maxLr', maxLr);
  checkPositive('oneCycleSchedule: divFactor', divFactor);
  checkPositive('oneCycleSchedule: finalDivFactor', finalDivFactor);
  if (!Number.isInteger(totalSteps) || totalSteps < 2)
    throw new InvalidArgumentError(`oneCycleSchedule: totalSteps must be an integer >= 2, got ${totalSteps}`);
  if (!(pctStart > 0 && pctStart < 1))
    throw new InvalidArgumentError(`oneCycleSchedule: pctStart must be in (0, 1), got ${pctStart}`);
  const initialLr = maxLr / divFactor;
  const finalLr = initialLr / finalDivFactor;
  const peakStep = pctStart * totalSteps - 1;
  const lastStep = totalSteps - 1;
  const anneal = (from: number, to: number, pct: number) =>
    to + ((from - to) / 2) * (Math.cos(Math.PI * pct) + 1);
  return (step) => {
    checkStep(step, totalSteps);
    if (step <= peakStep) return anneal(initialLr, maxLr, peakStep <= 0 ? 1 : step / peakStep);
    return anneal(maxLr, finalLr, (step - peakStep) / (lastStep - peakStep));
  };
}
