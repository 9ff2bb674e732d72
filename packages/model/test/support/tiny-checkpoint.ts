import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  type CheckpointConfig,
  createLanguageModel,
  initParams,
  type ModelSpec,
} from '../../src/index.js';

/** A one-layer heinsen-lm checkpoint small enough to write and read in a test. */
export const TINY_CHECKPOINT_CONFIG: CheckpointConfig = {
  format: CHECKPOINT_FORMAT,
  version: CHECKPOINT_VERSION,
  model: { preset: 'heinsen-lm', config: { vocab: 256, dEmb: 8, layers: 1, heads: 2, dKey: 2, dVal: 3 } },
  tokenizer: { name: 'byte' },
  trainedSeq: 16,
  step: 7,
};

export const tinyCheckpointParams = () =>
  initParams(createLanguageModel(TINY_CHECKPOINT_CONFIG.model).paramSpecs(), 3);

/** A two-layer heinsen-lm, the exporters' paper-preset case. */
export const TINY_HEINSEN_LM: ModelSpec = {
  preset: 'heinsen-lm',
  config: { vocab: 256, dEmb: 16, layers: 2, heads: 2, dKey: 4, dVal: 4 },
};

/** A two-layer gpt over `mechanism`, its init scaled up so an untrained model's logits are not flat. */
export const tinyGpt = (mechanism: string): ModelSpec => ({
  preset: 'gpt',
  config: { vocab: 256, seq: 16, dModel: 16, heads: 2, layers: 2, mechanism, initStd: 0.5 },
});

/** The config of an untrained byte-level checkpoint of `model`, as the exporters take it. */
export function untrainedCheckpointConfig(model: ModelSpec): CheckpointConfig {
  return {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    model,
    tokenizer: { name: 'byte' },
    trainedSeq: 16,
    step: 0,
  };
}
