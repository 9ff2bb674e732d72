import type { GraphBuilder, Value } from '../ir/builder.js';
import type { StateValues } from '../mechanisms/mechanism.js';
import { type FeedForwardParams, feedForward } from './feed-forward.js';
import {
  type MultiHeadAttentionOptions,
  type MultiHeadAttentionParams,
  type MultiHeadOutput,
  type MultiHeadSequenceOptions,
  multiHeadAttention,
  multiHeadAttentionStep,
} from './multi-head-attention.js';

export interface LayerNormParams {
  readonly gamma: Value;
  readonly beta: Value;
}

/** GPT-2's pre-norm block: x + attn(ln1(x)), then + ffn(ln2(.)). */
export interface TransformerBlockParams {
  readonly ln1: LayerNormParams;
  readonly attention: MultiHeadAttentionParams;
  readonly ln2: LayerNormParams;
  readonly ffn: FeedForwardParams;
}

export interface TransformerBlockSettings {
  readonly layerNormEps?: number;
  readonly gelu?: 'none' | 'tanh';
}

function feedForwardResidual(
  b: GraphBuilder,
  x: Value,
  params: TransformerBlockParams,
  settings: TransformerBlockSettings,
): Value {
  const normed = b.layerNorm(x, params.ln2.gamma, params.ln2.beta, settings.layerNormEps ?? 1e-5);
  return b.add(x, feedForward(b, normed, params.ffn, settings.gelu ?? 'none'));
}

/** One block over a sequence x [batch, seq, dModel]; `state` is the attention state after the last token. */
export function transformerBlock(
  b: GraphBuilder,
  x: Value,
  params: TransformerBlockParams,
  options: MultiHeadSequenceOptions & TransformerBlockSettings,
): MultiHeadOutput {
  const normed = b.layerNorm(x, params.ln1.gamma, params.ln1.beta, options.layerNormEps ?? 1e-5);
  const attention = multiHeadAttention(b, normed, params.attention, options);
  const out = feedForwardResidual(b, b.add(x, attention.out), params, options);
  return { out, state: attention.state };
}

/** One decode token x [batch, 1, dModel] through the block, reading and returning the attention state. */
export function transformerBlockStep(
  b: GraphBuilder,
  x: Value,
  params: TransformerBlockParams,
  state: StateValues,
  options: MultiHeadAttentionOptions & TransformerBlockSettings,
): { readonly out: Value; readonly state: StateValues } {
  const normed = b.layerNorm(x, params.ln1.gamma, params.ln1.beta, options.layerNormEps ?? 1e-5);
  const attention = multiHeadAttentionStep(b, normed, params.attention, state, options);
  const out = feedForwardResidual(b, b.add(x, attention.out), params, options);
  return { out, state: attention.state };
}
