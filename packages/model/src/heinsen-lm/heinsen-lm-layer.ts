import {
  type GraphBuilder,
  type HeinsenLogInputs,
  type HeinsenLogState,
  heinsenLogChunked,
  heinsenLogStep,
  type Value,
} from '@constant-attention/core';
import { dense } from '../lm/dense.js';
import type { HeinsenLmConfig } from './heinsen-lm-config.js';
import { layerPrefix } from './heinsen-lm-params.js';

export type ParamValues = Readonly<Record<string, Value>>;

/** How one layer of a full pass runs. */
export interface LayerPass {
  /** Chunk length of the log attention; the whole pass in one chunk when absent. */
  readonly chunkSize?: number;
  /** The log sums after earlier text, to continue from. */
  readonly initial?: HeinsenLogState;
  /** Called with feedforward1's LayerNorm of x: the input of the one projection to Q, K and log V. */
  readonly onAttentionInput?: (normed: Value) => void;
}

/** feedforward1's LayerNorm of the residual stream x [batch, n, d_emb]. */
function normedInput(b: GraphBuilder, params: ParamValues, layer: number, x: Value): Value {
  const p = layerPrefix(layer);
  return b.layerNorm(x, params[`${p}.feedforward1.0.weight`]!, params[`${p}.feedforward1.0.bias`]!, 1e-5);
}

/**
 * The LayerNorm'd input [batch, n, d_emb] -> each head's Q, K [batch, heads, n, d_key] and log V
 * [batch, heads, n, d_val] (feedforward1's Linear, split per head): what the log attention reads.
 */
export function heinsenLmQkv(
  b: GraphBuilder,
  config: HeinsenLmConfig,
  params: ParamValues,
  layer: number,
  normed: Value,
): HeinsenLogInputs {
  const p = layerPrefix(layer);
  const { heads, dKey, dVal } = config;
  const projected = dense(
    b,
    normed,
    params[`${p}.feedforward1.1.weight`]!,
    params[`${p}.feedforward1.1.bias`]!,
  );
  const [batch, n] = [normed.dim(0), normed.dim(1)];
  const perHead = b.transpose(b.reshape(projected, [batch, n, heads, 2 * dKey + dVal]), [0, 2, 1, 3]);
  return {
    q: b.slice(perHead, [3], [0], [dKey]),
    k: b.slice(perHead, [3], [dKey], [2 * dKey]),
    logV: b.slice(perHead, [3], [2 * dKey], [2 * dKey + dVal]),
  };
}

/** log o [batch, heads, n, d_val] -> feedforward2 (Linear, GLU, Linear) -> the residual branch. */
function readOut(
  b: GraphBuilder,
  config: HeinsenLmConfig,
  params: ParamValues,
  layer: number,
  logOut: Value,
) {
  const p = layerPrefix(layer);
  const [batch, n] = [logOut.dim(0), logOut.dim(2)];
  const merged = b.reshape(b.transpose(logOut, [0, 2, 1, 3]), [batch, n, config.heads * config.dVal]);
  const glu = dense(b, merged, params[`${p}.feedforward2.0.weight`]!, params[`${p}.feedforward2.0.bias`]!);
  const d = config.dEmb;
  const last = glu.rank - 1;
  const gated = b.mul(b.slice(glu, [last], [0], [d]), b.sigmoid(b.slice(glu, [last], [d], [2 * d])));
  return dense(b, gated, params[`${p}.feedforward2.2.weight`]!);
}

/**
 * One residual layer over x [batch, n, d_emb] (the reference's ResidualLayer): x + f(x), where f
 * projects LayerNorm(x) straight to Q, K and log V per head, runs causal log-space attention (chunked,
 * continuing from `pass.initial` when given) and feeds the log-space output to the GLU feed-forward.
 */
export function heinsenLmLayer(
  b: GraphBuilder,
  config: HeinsenLmConfig,
  params: ParamValues,
  layer: number,
  x: Value,
  pass: LayerPass = {},
): { readonly out: Value; readonly state: HeinsenLogState } {
  const normed = normedInput(b, params, layer, x);
  pass.onAttentionInput?.(normed);
  const inputs = heinsenLmQkv(b, config, params, layer, normed);
  const attention = heinsenLogChunked(b, inputs, {
    chunkSize: pass.chunkSize ?? (x.dim(1) as number),
    ...(pass.initial ? { initialState: pass.initial } : {}),
  });
  return { out: b.add(x, readOut(b, config, params, layer, attention.logOut)), state: attention.state };
}

/** The same layer for one token x [batch, 1, d_emb], reading and writing the constant-size log sums. */
export function heinsenLmLayerStep(
  b: GraphBuilder,
  config: HeinsenLmConfig,
  params: ParamValues,
  layer: number,
  x: Value,
  state: HeinsenLogState,
): { readonly out: Value; readonly state: HeinsenLogState } {
  const inputs = heinsenLmQkv(b, config, params, layer, normedInput(b, params, layer, x));
  const attention = heinsenLogStep(b, state, inputs);
  return { out: b.add(x, readOut(b, config, params, layer, attention.logOut)), state: attention.state };
}
