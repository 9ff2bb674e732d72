import { InvalidArgumentError } from '@constant-attention/core';

/**
 * The Heinsen paper's generative model (reference: glassroom/heinsen_attention,
 * generative_language_model.py, `ModelConfig`), with the reference's field names in camelCase.
 */
export interface HeinsenLmConfig {
  readonly vocab: number;
  readonly dEmb: number;
  readonly layers: number;
  readonly heads: number;
  readonly dKey: number;
  readonly dVal: number;
}

const FIELDS = ['vocab', 'dEmb', 'layers', 'heads', 'dKey', 'dVal'] as const;

/** Throws InvalidArgumentError naming the first bad field. */
export function checkHeinsenLmConfig(config: unknown): asserts config is HeinsenLmConfig {
  if (typeof config !== 'object' || config === null)
    throw new InvalidArgumentError('heinsen-lm config: not an object');
  const record = config as Record<string, unknown>;
  for (const key of FIELDS) {
    const value = record[key];
    if (!Number.isSafeInteger(value) || (value as number) < 1)
      throw new InvalidArgumentError(
        `heinsen-lm config: ${key} must be a positive integer, got ${JSON.stringify(value)}`,
      );
  }
}

/** The width of feedforward1's output: Q, K and log V of every head. */
export function qkvWidth(config: HeinsenLmConfig): number {
  return config.heads * (2 * config.dKey + config.dVal);
}
