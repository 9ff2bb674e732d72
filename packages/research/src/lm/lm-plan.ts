import { baselineMechanism, mechanismNames } from '@constant-attention/core';
import type { ModelSpec } from '@constant-attention/model';
import type { PlannedRun } from '../records/run-pending.js';

/** One lm run's identity: the model (a preset, and a mechanism for gpt) and the shared budget. */
export interface LmRunConfig extends Record<string, unknown> {
  readonly preset: string;
  /** The gpt preset's mechanism; the paper's own model has its log-space heinsen built in. */
  readonly mechanism: string | null;
  /**
   * false: the gpt preset without its attention sublayer (the model's `attention: false`), mechanism
   * null. Absent on every other run, so their keys (and resumed results) are unchanged.
   */
  readonly attention?: false;
  readonly d_model: number;
  readonly layers: number;
  readonly heads: number;
  readonly seq: number;
  readonly batch: number;
  readonly steps: number;
  readonly lr: number;
  readonly eval_tokens: number | null;
  /**
   * heinsen-lm's attention chunk (its log-space attention is always the chunked form): 64, as
   * `pnpm train` and the shipped checkpoint use; without it the whole sequence was one chunk, about
   * half as fast. Absent on every other run, so their keys (and resumed results) are unchanged.
   */
  readonly chunk_size?: number;
}

/** `pnpm train`'s default --chunk, with which the shipped heinsen-lm checkpoint was trained. */
export const HEINSEN_LM_CHUNK = 64;

const QUICK = {
  d_model: 64,
  layers: 2,
  heads: 2,
  seq: 128,
  batch: 8,
  steps: 60,
  lr: 2e-3,
  eval_tokens: 16384,
};
/** The shipped checkpoints' size and budget (packages/model/README.md), for every mechanism. */
const FULL = {
  d_model: 192,
  layers: 4,
  heads: 6,
  seq: 256,
  batch: 8,
  steps: 3600,
  lr: 2e-3,
  eval_tokens: null,
};

export const LM_SEED = 1;

/**
 * The two baselines first, the gpt preset with the baseline mechanism (softmax) and the gpt preset
 * without attention (de Brebisson and Vincent's baseline: its only token mixing is the recurrent
 * positions' constant-size state), so that a partial full run, hours in, already has the rows every
 * claim compares against; then every other registered mechanism in the gpt preset; then the Heinsen
 * paper's own model at the same size, the slowest run.
 */
export function lmPlan(quick: boolean, mechanisms?: readonly string[]): PlannedRun<LmRunConfig>[] {
  const budget = quick ? QUICK : FULL;
  const gpt = (mechanism: string): LmRunConfig => ({ preset: 'gpt', mechanism, ...budget });
  const names = mechanisms ?? mechanismNames();
  const baseline = baselineMechanism()?.name;
  const runs: LmRunConfig[] = [
    ...(baseline !== undefined && names.includes(baseline) ? [gpt(baseline)] : []),
    { preset: 'gpt', mechanism: null, attention: false, ...budget },
    ...names.filter((name) => name !== baseline).map(gpt),
    { preset: 'heinsen-lm', mechanism: null, ...budget, chunk_size: HEINSEN_LM_CHUNK },
  ];
  return runs.map((config) => ({ task: 'lm', seed: LM_SEED, label: lmRunLabel(config), config }));
}

/** The table's name of a run, from its config or from its record (whose config fields are flat). */
export function lmRunLabel(config: Readonly<Record<string, unknown>>): string {
  if (config.attention === false) return `${String(config.preset)}, no attention`;
  return config.mechanism ? `${String(config.preset)} ${String(config.mechanism)}` : String(config.preset);
}

/** The folder under the suite's out where a run's checkpoint, log and loss curve go. */
export function lmRunFolder(config: LmRunConfig): string {
  if (config.attention === false) return `${config.preset}-no-attention`;
  return `${config.preset}${config.mechanism ? `-${config.mechanism}` : ''}`;
}

/** The model spec of a run: byte vocabulary, head dims d_model / heads. */
export function lmModelSpec(config: LmRunConfig): ModelSpec {
  const shape = {
    vocab: 256,
    seq: config.seq,
    dModel: config.d_model,
    heads: config.heads,
    layers: config.layers,
  };
  if (config.attention === false) return { preset: 'gpt', config: { ...shape, attention: false } };
  if (config.mechanism === null)
    return {
      preset: 'heinsen-lm',
      config: {
        vocab: 256,
        dEmb: config.d_model,
        layers: config.layers,
        heads: config.heads,
        dKey: config.d_model / config.heads,
        dVal: config.d_model / config.heads,
      },
    };
  return { preset: 'gpt', config: { ...shape, mechanism: config.mechanism } };
}
