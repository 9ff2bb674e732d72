import {
  type GraphBuilder,
  InvalidArgumentError,
  linearProjection,
  splitHeads,
  type Value,
} from '@constant-attention/core';
import { gptHasAttention } from './gpt-config.js';
import { blockParams } from './gpt-graph.js';
import { heinsenLmQkv } from './heinsen-lm/heinsen-lm-layer.js';
import type { LmParamValues } from './lm/language-model.js';
import { createLanguageModel, type ModelSpec } from './lm/model-spec.js';

/**
 * One layer's attention inputs, per head: q and k [batch, heads, n, d_k]; a gated gpt mechanism's gate
 * logits [batch, heads, n, 1]; heinsen-lm's log V [batch, heads, n, d_val].
 */
export interface LayerAttentionInputs {
  readonly q: Value;
  readonly k: Value;
  /** Gated gpt mechanisms' per-head gate logits. */
  readonly gate?: Value;
  /** heinsen-lm: the log values its log-space attention reads (gpt's v is not read out). */
  readonly logV?: Value;
}

/**
 * Each layer's attention inputs as the model's attention sees them over `tokens` [batch, n], for
 * instruments on a trained model's attention matrices. They are read through the full pass's
 * `onAttentionInput` hook: the pass's own LayerNorm'd layer inputs, projected and split into heads by
 * the same code as the pass (gpt: as core's multiHeadAttention does; heinsen-lm: its layer's one
 * projection to Q, K and log V). heinsen-lm's attention weights are those of core's registered
 * `heinsen` mechanism: w_ij proportional to exp(q_i) . exp(k_j). A gpt without attention is an
 * InvalidArgumentError.
 */
export function lmAttentionInputs(
  b: GraphBuilder,
  model: ModelSpec,
  params: LmParamValues,
  tokens: Value,
): LayerAttentionInputs[] {
  if (model.preset === 'gpt' && !gptHasAttention(model.config))
    throw new InvalidArgumentError('lmAttentionInputs: this gpt has no attention (attention: false)');
  const normed: Value[] = [];
  createLanguageModel(model).forward(b, params, tokens, {
    onAttentionInput: (layer, x) => {
      normed[layer] = x;
    },
  });
  if (model.preset === 'heinsen-lm')
    return normed.map((x, layer) => heinsenLmQkv(b, model.config, params, layer, x));
  const { heads } = model.config;
  return normed.map((x, layer) => {
    const a = blockParams(params, layer).attention;
    const split = (w: Value) => splitHeads(b, linearProjection(b, x, w), heads);
    return { q: split(a.wq), k: split(a.wk), ...(a.wg ? { gate: split(a.wg) } : {}) };
  });
}
