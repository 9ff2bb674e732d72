import type { GraphBuilder, Value } from '../../ir/builder.js';
import { decayMatrix, prefixMax, queryFeatures } from './feature-maps.js';
import { resolveScales } from './moment-matching.js';
import type { LlnOptions } from './options.js';

/**
 * The [b, h, n_q, n_k] matrix P with lln's out = P v: P_ij = W_ij / (sum_j W_ij + eps), with the
 * same shifts and scales as the mechanism (README.md), so rows sum to 1 - eps/(sum_j W_ij + eps).
 */
export function llnAttentionMatrix(
  b: GraphBuilder,
  q: Value,
  k: Value,
  options: LlnOptions & { readonly causal: boolean },
): Value {
  const scales = resolveScales(b, q, k, options.scales);
  const queries = queryFeatures(b, q, scales.alpha);
  const scaledKeys = b.mul(k, scales.beta);
  let weights: Value;
  if (options.causal) {
    const runningMax = prefixMax(b, b.reduceMax(scaledKeys, [3], true));
    const keys = b.exp(b.sub(scaledKeys, runningMax));
    weights = b.mul(b.matmul(queries, b.transposeLast2(keys)), decayMatrix(b, runningMax));
  } else {
    const keys = b.exp(b.sub(scaledKeys, b.reduceMax(scaledKeys, [2, 3], true)));
    weights = b.matmul(queries, b.transposeLast2(keys));
  }
  return b.div(weights, b.add(b.reduceSum(weights, [3], true), options.eps));
}
