import { InvalidArgumentError } from '@constant-attention/core';
import type { ModelSpec } from '../../lm/model-spec.js';
import type { TokenizerSpec } from '../../tokenizer/tokenizer-spec.js';

/** Everything a training run needs; a checkpoint stores it, so `--resume` needs nothing else. */
export interface TrainSettings {
  readonly model: ModelSpec;
  readonly tokenizer: TokenizerSpec;
  readonly backend: {
    readonly backend: string;
    readonly device: string;
    readonly options?: Readonly<Record<string, unknown>>;
  };
  readonly steps: number;
  readonly batch: number;
  readonly seq: number;
  /** Chunk length of the attention's chunked form in training; whole sequences when absent. */
  readonly chunkSize?: number;
  readonly lr: number;
  readonly minLr: number;
  readonly warmup: number;
  readonly weightDecay: number;
  readonly clip: number;
  readonly seed: number;
  /** Evaluate `evalTokens` held-out tokens every this many steps (0: only at the end). */
  readonly evalEvery: number;
  readonly evalTokens: number;
  /** Save a checkpoint every this many steps (and always at the end). */
  readonly saveEvery: number;
}

export function checkTrainSettings(s: TrainSettings): void {
  const positiveInts = ['steps', 'batch', 'seq', 'evalTokens', 'saveEvery'] as const;
  for (const key of positiveInts)
    if (!Number.isSafeInteger(s[key]) || s[key] < 1)
      throw new InvalidArgumentError(`--${kebab(key)} must be a positive integer, got ${s[key]}`);
  for (const key of ['warmup', 'evalEvery', 'seed'] as const)
    if (!Number.isSafeInteger(s[key]) || s[key] < 0)
      throw new InvalidArgumentError(`--${kebab(key)} must be an integer >= 0, got ${s[key]}`);
  if (s.warmup >= s.steps)
    throw new InvalidArgumentError(`--warmup ${s.warmup} must be below --steps ${s.steps}`);
  if (s.chunkSize !== undefined && (!Number.isSafeInteger(s.chunkSize) || s.chunkSize < 1))
    throw new InvalidArgumentError(`--chunk must be a positive integer, got ${s.chunkSize}`);
  for (const key of ['lr', 'clip'] as const)
    if (!(Number.isFinite(s[key]) && s[key] > 0))
      throw new InvalidArgumentError(`--${key} must be a finite number > 0, got ${s[key]}`);
  if (!(Number.isFinite(s.minLr) && s.minLr >= 0 && s.minLr <= s.lr))
    throw new InvalidArgumentError(`--min-lr must be in [0, --lr], got ${s.minLr}`);
  if (!(Number.isFinite(s.weightDecay) && s.weightDecay >= 0))
    throw new InvalidArgumentError(`--weight-decay must be a finite number >= 0, got ${s.weightDecay}`);
  if (s.seed > 0xffffffff) throw new InvalidArgumentError(`--seed must be below 2^32, got ${s.seed}`);
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
