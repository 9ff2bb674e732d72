import { MalformedFileError } from '@constant-attention/core';
import { type ModelSpec, parseModelSpec } from '../lm/model-spec.js';

export const CHECKPOINT_FORMAT = 'constant-attention/checkpoint';
export const CHECKPOINT_VERSION = 1;

/** What a checkpoint's config.json holds; model.safetensors and optimizer.safetensors sit beside it. */
export interface CheckpointConfig {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly version: typeof CHECKPOINT_VERSION;
  readonly model: ModelSpec;
  /** Opaque here (checked by the tokenizer's own parser), so the config stays browser-safe and small. */
  readonly tokenizer: { readonly name: string };
  /** The training sequence length: generation past it is what constant-state models are for. */
  readonly trainedSeq: number;
  /** Optimizer steps taken; model.safetensors and optimizer.safetensors carry the same `step`. */
  readonly step: number;
  /** Free-form JSON: corpus split, hyper-parameters, batcher state, metrics. */
  readonly corpus?: Readonly<Record<string, unknown>>;
  readonly training?: Readonly<Record<string, unknown>>;
  readonly metrics?: Readonly<Record<string, unknown>>;
}

/** Parses config.json text; MalformedFileError names the file and the field. */
export function parseCheckpointConfig(text: string, source: string): CheckpointConfig {
  const fail = (what: string): never => {
    throw new MalformedFileError(`${source}: ${what}`);
  };
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text);
  } catch (err) {
    fail(`not valid JSON (${(err as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('not a JSON object');
  if (json.format !== CHECKPOINT_FORMAT)
    fail(`format is ${JSON.stringify(json.format)}, expected "${CHECKPOINT_FORMAT}"`);
  if (json.version !== CHECKPOINT_VERSION)
    fail(`version ${JSON.stringify(json.version)} is not supported (expected ${CHECKPOINT_VERSION})`);
  let model: ModelSpec | undefined;
  try {
    model = parseModelSpec(json.model);
  } catch (err) {
    fail(`model: ${(err as Error).message}`);
  }
  const tokenizer = json.tokenizer as { name?: unknown } | undefined;
  if (typeof tokenizer !== 'object' || tokenizer === null || typeof tokenizer.name !== 'string')
    fail('tokenizer must be an object with a name');
  for (const key of ['trainedSeq', 'step'] as const) {
    const value = json[key];
    if (!Number.isSafeInteger(value) || (value as number) < (key === 'step' ? 0 : 1))
      fail(`${key} must be an integer >= ${key === 'step' ? 0 : 1}, got ${JSON.stringify(value)}`);
  }
  for (const key of ['corpus', 'training', 'metrics'] as const) {
    const value = json[key];
    if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value)))
      fail(`${key} must be an object`);
  }
  return { ...(json as unknown as CheckpointConfig), model: model! };
}
