import { type AdamWOptions, buildTrainingStep, type TrainingStep } from '@constant-attention/core';
import type { GptConfig } from './gpt-config.js';
import { buildGptLossGraph } from './gpt-graph.js';
import { decayedParamNames, gptParamSpecs } from './gpt-params.js';

export interface GptTrainingOptions {
  /** AdamW settings; `decay` defaults to the model's matrices (gptParamSpecs' decay flag). */
  readonly optimizer?: AdamWOptions;
  readonly clipNorm?: number;
  readonly outputGradients?: boolean;
}

/** The loss graph of `config` at a fixed batch size, differentiated and fused with AdamW. */
export function buildGptTrainingStep(
  config: GptConfig,
  batch: number,
  options: GptTrainingOptions = {},
): TrainingStep {
  return buildTrainingStep(buildGptLossGraph(config, batch), {
    params: gptParamSpecs(config).map((s) => s.name),
    optimizer: { decay: decayedParamNames(config), ...options.optimizer },
    ...(options.clipNorm === undefined ? {} : { clipNorm: options.clipNorm }),
    ...(options.outputGradients ? { outputGradients: true } : {}),
  });
}
