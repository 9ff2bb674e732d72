import {
  type GraphBuilder,
  type HeinsenLogState,
  heinsenLogChunked,
  heinsenLogStep,
  type Value,
} from '@constant-attention/core';
import { dense } from '../lm/dense.js';
import type { HeinsenLmConfig } from './heinsen-lm-config.js';
import { layerPrefix } from './heinsen-lm-params.js';

export type ParamValues = Readonly<Record<string, Value>>;

/** How the log attention of a full pass runs: chunks of this many tokens (the whole pass when absent). */
export interface LogAttentionForm {
  readonly chunkSize?: number;
}

function qkv(b: GraphBuilder, config: HeinsenLmConfig, params: ParamValues, layer: number, x: Value) {
  const p = layerPrefix(layer);
  const { heads, dKey, dVal } = config;
  const h = b.layerNorm(x, params[`${p}.feedforward1.0.weight`]!, params[`${p}.feedforward1.0.bias`]!, 1e-5);
  const projected = dense(b, h, params[`${p}.feedforward1.1.weight`]!, params[`${p}.feedforward1.1.bias`]!);
  const [batch, n] = [x.dim(0), x.dim(1)];
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
 * continuing from `initial` when given) and feeds the log-space output to the GLU feed-forward.
 */
export function heinsenLmLayer(
  b: GraphBuilder,
  config: HeinsenLmConfig,
  params: ParamValues,
  layer: number,
  x: Value,
  form: LogAttentionForm,
  initial?: HeinsenLogState,
): { readonly out: Value; readonly state: HeinsenLogState } {
  const inputs = qkv(b, config, params, layer, x);
  const chunkSize = form.chunkSize ?? (x.dim(1) as number);
  const attention = heinsenLogChunked(b, inputs, {
    chunkSize,
    ...(initial ? { initialState: initial } : {}),
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
  const attention = heinsenLogStep(b, state, qkv(b, config, params, layer, x));
  return { out: b.add(x, readOut(b, config, params, layer, attention.logOut)), state: attention.state };
}
