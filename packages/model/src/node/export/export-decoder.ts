import { exportOnnx } from '@constant-attention/backend-ort';
import type { Tensor } from '@constant-attention/core';
import type { CheckpointConfig } from '../../checkpoint/checkpoint-config.js';
import { buildLmPrefillGraph, buildLmStepGraph, LOGITS, TOKENS } from '../../lm/lm-graphs.js';
import { createLanguageModel } from '../../lm/model-spec.js';

export const DECODER_OPSET = 17;

/** How an ONNX runtime drives the exported decoder; stored as JSON in metadata_props. */
export interface DecoderMetadata {
  readonly format: 'constant-attention/decoder';
  readonly version: 1;
  readonly preset: string;
  readonly model: CheckpointConfig['model']['config'];
  readonly tokenizer: CheckpointConfig['tokenizer'];
  readonly opset: number;
  readonly trained_seq: number;
  readonly inputs: { readonly ids: string };
  readonly outputs: { readonly logits: string };
  /**
   * Every state input, its shape and its value before any token, as a string: '-Infinity' for log-space
   * sums (zero-filling them, as runtimes do for KV caches, breaks a log-space model), '0' otherwise.
   * A dim named 'past' grows by one per token (softmax's KV cache) and starts at 0.
   */
  readonly state: readonly {
    readonly input: string;
    readonly output: string;
    readonly shape: readonly (number | string)[];
    readonly initial: string;
  }[];
}

/**
 * The decode step with the trained weights embedded: input_ids [1, 1] and past_state.<layer>.<name> in,
 * logits [1, 1, vocab] and present_state.<layer>.<name> out. A prompt goes in one token at a time (the
 * state makes that exact); metadata_props key `constant_attention` holds DecoderMetadata as JSON.
 */
export function exportDecoder(
  config: CheckpointConfig,
  params: Readonly<Record<string, Tensor>>,
): { readonly bytes: Uint8Array; readonly metadata: DecoderMetadata } {
  const model = createLanguageModel(config.model);
  const graph = buildLmStepGraph(model, 1, params);
  const metadata: DecoderMetadata = {
    format: 'constant-attention/decoder',
    ...sharedMetadata(config),
    inputs: { ids: 'input_ids' },
  };
  const bytes = exportOnnx(graph, {
    opset: DECODER_OPSET,
    name: `${config.model.preset.replace(/-/g, '_')}_decoder`,
    docString: `constant-attention ${config.model.preset} decode step, step ${config.step}`,
    metadata: { constant_attention: JSON.stringify(metadata) },
  });
  return { bytes, metadata };
}

/** What the decoder and the prefill model say alike: the model, tokenizer, opset and states. */
function sharedMetadata(config: CheckpointConfig) {
  const model = createLanguageModel(config.model);
  return {
    version: 1 as const,
    preset: config.model.preset,
    model: config.model.config,
    tokenizer: config.tokenizer,
    opset: DECODER_OPSET,
    trained_seq: config.trainedSeq,
    outputs: { logits: LOGITS },
    state: model.stateSpecs(1).map((s) => ({
      input: `past_state.${s.name}`,
      output: `present_state.${s.name}`,
      shape: s.shape,
      initial: String(s.initial),
    })),
  };
}

/** The prefill model's metadata: the decoder's, with its own format and the chunk size it runs. */
export interface PrefillMetadata extends Omit<DecoderMetadata, 'format'> {
  readonly format: 'constant-attention/prefill';
  readonly chunk_size: number;
}

/**
 * Tokens per chunk of the prefill model's chunked attention. 64 is where heinsen's chunks take the
 * guarded fast path; shorter prompts are padded to one chunk in-graph.
 */
export const PREFILL_CHUNK = 64;

/**
 * The prefill with the trained weights embedded, over a dynamic number of tokens: tokens [1, seq] and
 * past_state.<layer>.<name> (the decoder's names and shapes; the initial values in the metadata start a
 * fresh text) in, logits [1, seq, vocab] and present_state.<layer>.<name> out, which the decoder (or
 * another prefill) continues from. One graph for every prompt length: the chunked forms pad to whole
 * chunks in-graph. metadata_props `constant_attention` holds PrefillMetadata as JSON.
 */
export function exportPrefill(
  config: CheckpointConfig,
  params: Readonly<Record<string, Tensor>>,
  chunkSize = PREFILL_CHUNK,
): { readonly bytes: Uint8Array; readonly metadata: PrefillMetadata } {
  const model = createLanguageModel(config.model);
  const graph = buildLmPrefillGraph(
    model,
    { batch: 1, seq: 'seq', chunkSize },
    { fromState: true, embedded: params },
  );
  const metadata: PrefillMetadata = {
    format: 'constant-attention/prefill',
    ...sharedMetadata(config),
    inputs: { ids: TOKENS },
    chunk_size: chunkSize,
  };
  const bytes = exportOnnx(graph, {
    opset: DECODER_OPSET,
    name: `${config.model.preset.replace(/-/g, '_')}_prefill`,
    docString: `constant-attention ${config.model.preset} prefill from a state, step ${config.step}`,
    metadata: { constant_attention: JSON.stringify(metadata) },
  });
  return { bytes, metadata };
}
