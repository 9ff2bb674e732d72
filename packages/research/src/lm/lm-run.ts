import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Backend, ConstantAttentionError, InvalidArgumentError } from '@constant-attention/core';
import { createLanguageModel, paramCount, parseCheckpointConfig } from '@constant-attention/model';
import {
  CONFIG_FILE,
  type RunTrainingOptions,
  runTraining,
  type TrainSettings,
} from '@constant-attention/model/node';
import { type LmRunConfig, lmModelSpec, lmRunFolder } from './lm-plan.js';

/** Decode state of one sequence after `context` tokens, float32: a growing dim (a KV cache) is `context`. */
export function decodeStateBytes(config: LmRunConfig, context: number): number {
  const model = createLanguageModel(lmModelSpec(config));
  return model
    .stateSpecs(1)
    .reduce(
      (sum, s) => sum + 4 * s.shape.reduce<number>((n, d) => n * (typeof d === 'number' ? d : context), 1),
      0,
    );
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : Number.NaN;
};

/**
 * Steps between checkpoints: a full run (3600 steps, 1-2 h here) killed mid-way loses at most this many,
 * and the next `pnpm research lm` continues it from its checkpoint.
 */
export const LM_SAVE_EVERY = 300;

/** The settings a resumed checkpoint must share with the run, or it is another run's. */
const IDENTITY = ['steps', 'batch', 'seq', 'chunkSize', 'lr', 'seed'] as const;

/**
 * Whether `dir` holds an unfinished checkpoint of this very run (to be resumed). A checkpoint of other
 * settings is refused, not trained over: the folder is named after the model only, and a user who
 * changed the budget should decide what happens to the old one.
 */
async function checkpointToResume(dir: string, settings: TrainSettings): Promise<boolean> {
  const path = join(dir, CONFIG_FILE);
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return false;
  const saved = parseCheckpointConfig(text, path);
  const training = (saved.training ?? {}) as Record<string, unknown>;
  const differs = [
    ...(JSON.stringify(saved.model) === JSON.stringify(settings.model) ? [] : ['model']),
    ...IDENTITY.filter((key) => training[key] !== settings[key]),
  ];
  if (differs.length > 0)
    throw new InvalidArgumentError(
      `${dir} holds a checkpoint of another run (its ${differs.join(', ')} differ): remove the folder to train this run from its init`,
    );
  return true;
}

/**
 * Trains one model on the SOTU train split with the model package's runTraining (byte tokens, AdamW,
 * cosine schedule, checkpoint in out/runs/<label> every LM_SAVE_EVERY steps) and reports its final
 * held-out bits/byte. A checkpoint left there by an interrupted run is resumed exactly (same batches and
 * learning rates as an uninterrupted run); tokens/s is then the median of the steps this call took.
 */
export async function runLm(
  backend: Backend,
  out: string,
  config: LmRunConfig,
  seed: number,
  options: Pick<RunTrainingOptions, 'stopAfter' | 'events'> = {},
): Promise<Record<string, unknown>> {
  const dir = join(out, 'runs', lmRunFolder(config));
  const rates: number[] = [];
  const settings: TrainSettings = {
    model: lmModelSpec(config),
    tokenizer: { name: 'byte' },
    backend: { backend: backend.name, device: backend.device },
    steps: config.steps,
    batch: config.batch,
    seq: config.seq,
    ...(config.chunk_size !== undefined ? { chunkSize: config.chunk_size } : {}),
    lr: config.lr,
    minLr: config.lr / 10,
    warmup: Math.max(1, Math.floor(config.steps / 50)),
    weightDecay: 0.1,
    clip: 1,
    seed,
    evalEvery: 0,
    evalTokens: 4096,
    saveEvery: Math.min(config.steps, LM_SAVE_EVERY),
  };
  const result = await runTraining(settings, dir, {
    resume: await checkpointToResume(dir, settings),
    events: {
      ...options.events,
      onStep: (r) => {
        rates.push(r.tokens_per_s);
        options.events?.onStep?.(r);
      },
    },
    ...(config.eval_tokens ? { finalEvalTokens: config.eval_tokens } : {}),
    ...(options.stopAfter !== undefined ? { stopAfter: options.stopAfter } : {}),
  });
  if (!result.finished)
    throw new ConstantAttentionError(
      'INVALID_ARGUMENT',
      `${dir}: training stopped at step ${result.step} of ${config.steps}`,
    );
  const metrics = result.metrics as Record<string, number>;
  return {
    backend: backend.name,
    device: backend.device,
    params: paramCount(createLanguageModel(lmModelSpec(config)).paramSpecs()),
    val_bits_per_byte: metrics.val_bits_per_byte,
    val_tokens: metrics.val_tokens,
    train_tokens_per_s: median(rates),
    decode_state_bytes_4k: decodeStateBytes(config, 4096),
  };
}
