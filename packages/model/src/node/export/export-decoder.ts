import { exportOnnx } from '@constant-attention/backend-ort';
import type { Tensor } from '@constant-attention/core';
import type { CheckpointConfig } from '../../checkpoint/checkpoint-config.js';
import { buildLmStepGraph } from '../../lm/lm-graphs.js';
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
    version: 1,
    preset: config.model.preset,
    model: config.model.config,
    tokenizer: config.tokenizer,
    opset: DECODER_OPSET,
    trained_seq: config.trainedSeq,
    inputs: { ids: 'input_ids' },
    outputs: { logits: 'logits' },
    state: model.stateSpecs(1).map((s) => ({
      input: `past_state.${s.name}`,
      output: `present_state.${s.name}`,
      shape: s.shape,
      initial: String(s.initial),
    })),
  };
  const bytes = exportOnnx(graph, {
    opset: DECODER_OPSET,
    name: `${config.model.preset.replace(/-/g, '_')}_decoder`,
    docString: `constant-attention ${config.model.preset} decode step, step ${config.step}`,
    metadata: { constant_attention: JSON.stringify(metadata) },
  });
  return { bytes, metadata };
}
