import { type BackendConfig, createBackend } from '@constant-attention/core';
import { lossMetrics } from '../../lm/bits-per-byte.js';
import { heldOutLoss, unigramNats } from '../../lm/held-out-loss.js';
import { createLanguageModel } from '../../lm/model-spec.js';
import { createTokenizer } from '../../tokenizer/create-tokenizer.js';
import { parseTokenizerSpec } from '../../tokenizer/tokenizer-spec.js';
import { loadCheckpoint } from '../checkpoint/load-checkpoint.js';
import { loadTokenizedSplit } from '../corpus/tokenized-split.js';

export interface EvaluateCheckpointOptions {
  readonly backend?: BackendConfig;
  /** Score only the first this many held-out tokens (the default scores all of them). */
  readonly maxTokens?: number;
  readonly batch?: number;
  readonly cacheDir?: string;
}

/**
 * Scores a checkpoint on the held-out split at its training length, in windows from an empty state,
 * beside the unigram baseline of the train split. bits/byte divides by the UTF-8 bytes of the scored
 * text, so byte-level and GPT-2 tokenizers compare directly.
 */
export async function evaluateCheckpoint(dir: string, options: EvaluateCheckpointOptions = {}) {
  const { config, params } = await loadCheckpoint(dir);
  const tokenizer = createTokenizer(parseTokenizerSpec(config.tokenizer));
  const model = createLanguageModel(config.model);
  const split = await loadTokenizedSplit(tokenizer, options.cacheDir ? { cacheDir: options.cacheDir } : {});
  const backend = await createBackend(options.backend ?? { backend: 'ort', device: 'cpu' });
  const started = performance.now();
  try {
    const training = config.training as { chunkSize?: number } | undefined;
    const loss = await heldOutLoss(backend, model, params, split.heldOut, {
      seq: config.trainedSeq,
      batch: options.batch ?? 8,
      ...(training?.chunkSize ? { chunkSize: training.chunkSize } : {}),
      ...(options.maxTokens ? { maxTokens: options.maxTokens } : {}),
    });
    const firstBytes = new TextEncoder().encode(tokenizer.decode([split.heldOut[0]!])).length;
    const allScored = loss.tokens === split.heldOut.length - 1;
    const bytes = allScored
      ? split.heldOutBytes - firstBytes
      : (split.heldOutBytes * loss.tokens) / (split.heldOut.length - 1);
    const unigram = unigramNats(split.train, split.heldOut, model.vocab);
    return {
      checkpoint: dir,
      preset: config.model.preset,
      step: config.step,
      tokenizer: tokenizer.spec.name,
      corpus: split.version,
      ...lossMetrics(loss.nats, loss.tokens, bytes),
      unigram_bits_per_byte: unigram.nats / Math.LN2 / (split.heldOutBytes - firstBytes),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await backend.dispose();
  }
}
