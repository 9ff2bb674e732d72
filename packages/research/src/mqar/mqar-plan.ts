import { baselineFirst, mechanismNames } from '@constant-attention/core';
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
  readonly heads: number;
  readonly positions: 'recurrent';
  readonly init_std: number;
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
 * Quick mode: (64, 4) and (128, 8) at d_model 64, one learning rate (1e-2, the grid's top rate, the one
 * with which softmax solved the tiny and the (64, 4) tasks in the fewest steps) and 600 steps of 32
 * sequences: softmax needs a schedule longer than 300 steps to solve (64, 4) (README: what it takes to
 * learn recall). Every mechanism gets the same budget, which takes far more than 10 minutes here.
 */
const QUICK = {
  vocab: 8192,
  pairs: [
    [64, 4],
    [128, 8],
  ],
  dModels: [64],
  lrs: [FULL_LRS[3]!],
  batch: 32,
  steps: 600,
  heldOut: 128,
} as const;

export const MQAR_SEED = 1;

/**
 * The model every run trains (README: what it takes to learn recall). Heinsen's recurrent positions
 * carry the previous tokens into each position, so softmax recalls after about a hundred steps where
 * learned positions sat at guessing among the values in context for 1200; one head keeps a
 * constant-state mechanism's state at d_model x d_model; the init std 1/sqrt(d_model) (not GPT-2's 0.02,
 * made for d_model 768) keeps the paths through 4 matrices from vanishing at d_model 64.
 */
export const MQAR_MODEL = { heads: 1, positions: 'recurrent' } as const;
export const mqarInitStd = (dModel: number) => Number((1 / Math.sqrt(dModel)).toPrecision(3));

/**
 * The runs in the order they start. The baseline on the smallest task comes first, so an interrupted
 * run already holds the proof that the harness trains. The full grid then goes task by task, smallest
 * first, so an interrupted sweep holds whole rows of the cheap tasks. The quick grid, which is meant to
 * finish, starts its longer tasks next: with parallel jobs the short runs then fill the end, where one
 * job would otherwise sit idle while the other finishes a long run.
 */
export function mqarPlan(options: MqarPlanOptions): PlannedRun<MqarRunConfig>[] {
  const plan = mqarGrid(options);
  if (!options.quick) return plan;
  const [proof, ...rest] = plan;
  const cost = (run: PlannedRun<MqarRunConfig>) => run.config.seq * run.config.d_model;
  // Array.prototype.sort is stable: equal costs keep the grid's (baseline-first) order.
  return [proof!, ...rest.sort((a, b) => cost(b) - cost(a))];
}

function mqarGrid(options: MqarPlanOptions): PlannedRun<MqarRunConfig>[] {
  const grid = options.quick ? QUICK : FULL;
  const plan: PlannedRun<MqarRunConfig>[] = [];
  for (const [seq, kvPairs] of grid.pairs)
    for (const dModel of grid.dModels)
      for (const mechanism of baselineFirst(options.mechanisms ?? mechanismNames()))
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
              ...MQAR_MODEL,
              init_std: mqarInitStd(dModel),
            },
          });
  return plan;
}
