import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  type CheckpointConfig,
  createLanguageModel,
  initParams,
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
