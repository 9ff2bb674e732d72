import {
  type GraphBuilder,
  InvalidArgumentError,
  linearProjection,
  splitHeads,
  type Value,
} from '@constant-attention/core';
import { type GptConfig, gptHasAttention } from './gpt-config.js';
import { blockParams, type GptParamValues, gptLm } from './gpt-graph.js';

/** One layer's attention inputs, [batch, heads, n, dModel / heads] (gate: [batch, heads, n, 1]). */
export interface GptLayerAttentionInputs {
  readonly q: Value;
  readonly k: Value;
  /** Gated mechanisms' per-head gate logits. */
  readonly gate?: Value;
}

/**
 * Each layer's q and k (and gate) as the model's attention sees them over `tokens` [batch, n]: the
 * full pass's LayerNorm'd block inputs, projected and split into heads as core's multiHeadAttention
 * does. For instruments on a trained model's attention matrices.
 */
export function gptAttentionInputs(
  b: GraphBuilder,
  config: GptConfig,
  params: GptParamValues,
  tokens: Value,
): GptLayerAttentionInputs[] {
  if (!gptHasAttention(config))
    throw new InvalidArgumentError('gptAttentionInputs: this gpt has no attention (attention: false)');
  const normed: Value[] = [];
  gptLm(config).forward(b, params, tokens, {
    onAttentionInput: (layer, x) => {
      normed[layer] = x;
    },
  });
  return normed.map((x, layer) => {
    const a = blockParams(params, layer).attention;
    const heads = (w: Value) => splitHeads(b, linearProjection(b, x, w), config.heads);
    return { q: heads(a.wq), k: heads(a.wk), ...(a.wg ? { gate: heads(a.wg) } : {}) };
  });
}
