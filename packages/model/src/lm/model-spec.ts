import { InvalidArgumentError } from '@constant-attention/core';
import { checkGptConfig, type GptConfig } from '../gpt-config.js';
import { gptLm } from '../gpt-graph.js';
import { checkHeinsenLmConfig, type HeinsenLmConfig } from '../heinsen-lm/heinsen-lm-config.js';
import { heinsenLm } from '../heinsen-lm/heinsen-lm-model.js';
import type { LanguageModel } from './language-model.js';

/**
 * A model preset and its config, as a checkpoint's config.json stores it.
 * - `heinsen-lm`: the Heinsen paper's own generative model (log-space attention, GLU, recurrent
 *   positions); loads the reference's PyTorch weights.
 * - `gpt`: a GPT-2-style model over any registered mechanism (softmax, heinsen, lln, ...), for comparing
 *   mechanisms in one architecture.
 */
export type ModelSpec =
  | { readonly preset: 'heinsen-lm'; readonly config: HeinsenLmConfig }
  | { readonly preset: 'gpt'; readonly config: GptConfig };

export const PRESETS = ['heinsen-lm', 'gpt'] as const;

/** Validates JSON from a checkpoint; InvalidArgumentError names the bad field. */
export function parseModelSpec(value: unknown): ModelSpec {
  if (typeof value !== 'object' || value === null)
    throw new InvalidArgumentError('model spec: not an object');
  const { preset, config } = value as { preset?: unknown; config?: unknown };
  if (preset === 'heinsen-lm') {
    checkHeinsenLmConfig(config);
    return { preset, config };
  }
  if (preset === 'gpt') {
    checkGptConfig(config as GptConfig);
    return { preset, config: config as GptConfig };
  }
  throw new InvalidArgumentError(
    `model spec: preset must be one of ${PRESETS.join(', ')}, got ${JSON.stringify(preset)}`,
  );
}

export function createLanguageModel(spec: ModelSpec): LanguageModel {
  return spec.preset === 'heinsen-lm' ? heinsenLm(spec.config) : gptLm(spec.config);
}
