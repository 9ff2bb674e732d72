import { mechanismNames } from '@constant-attention/core';
import type { PlannedRun } from '../records/run-pending.js';

export interface MqarPlanOptions {
  readonly quick: boolean;
  /** Defaults to every registered mechanism. */
  readonly mechanisms?: readonly string[];
}

/** The config part of a record (its identity for resuming); field names are the issue's. */
export interface MqarRunConfig extends Record<string, unknown> {
  readonly mechanism: string;
  readonly seq: number;
  readonly kv_pairs: number;
  readonly d_model: number;
  readonly lr: number;
  readonly vocab: number;
  readonly layers: number;
  readonly batch: number;
  readonly steps: number;
  readonly held_out_sequences: number;
}

/** 4 learning rates log-spaced over [1e-4, 1e-2], rounded to 3 significant digits for stable keys. */
export const FULL_LRS = [0, 1, 2, 3].map((i) => Number((1e-4 * 100 ** (i / 3)).toPrecision(3)));

const FULL = {
  vocab: 8192,
  pairs: [
    [64, 4],
    [128, 8],
    [256, 16],
  ],
  dModels: [64, 128, 256],
  lrs: FULL_LRS,
  batch: 64,
  steps: 3000,
  heldOut: 1024,
} as const;

/**
 * Quick mode: (64, 4) and (128, 8) at d_model 64, one learning rate (2.15e-3, the grid's rate nearest
 * the best one measured for softmax) and 60 steps of 32 sequences: every registered mechanism in about
 * 10 minutes on the shared 2-core box. It checks that the suite runs end to end; it is far too short for
 * recall to emerge (README: measured learning curves).
 */
const QUICK = {
  vocab: 8192,
  pairs: [
    [64, 4],
    [128, 8],
  ],
  dModels: [64],
  lrs: [FULL_LRS[2]!],
  batch: 32,
  steps: 60,
  heldOut: 128,
} as const;

export const MQAR_SEED = 1;

export function mqarPlan(options: MqarPlanOptions): PlannedRun<MqarRunConfig>[] {
  const grid = options.quick ? QUICK : FULL;
  const plan: PlannedRun<MqarRunConfig>[] = [];
  for (const [seq, kvPairs] of grid.pairs)
    for (const dModel of grid.dModels)
      for (const mechanism of options.mechanisms ?? mechanismNames())
        for (const lr of grid.lrs)
          plan.push({
            task: 'mqar',
            seed: MQAR_SEED,
            label: `${mechanism} seq ${seq} pairs ${kvPairs} d ${dModel} lr ${lr}`,
            config: {
              mechanism,
              seq,
              kv_pairs: kvPairs,
              d_model: dModel,
              lr,
              vocab: grid.vocab,
              layers: 2,
              batch: grid.batch,
              steps: grid.steps,
              held_out_sequences: grid.heldOut,
            },
          });
  return plan;
}
