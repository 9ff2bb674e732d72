import { scaledDotProductAttention } from '../../composites/scaled-dot-product-attention.js';
import type { GraphBuilder } from '../../ir/builder.js';
import { causalMask } from '../common/causal-mask.js';
import { parallelInitialState } from '../initial-state.js';
import type { AttentionInputs, FormOutput, StateValues } from '../mechanism.js';
import { appendToCache, kvCache } from './kv-cache.js';
import { type SoftmaxOptions, softmaxScale } from './options.js';

/**
 * One ScaledDotProductAttention composite (full n_q x n_k max-shifted scores, so large logits cannot
 * overflow; a backend may run it as a fused kernel). From an initial KV cache, every new query also sees
 * every cached key: the scores are [past | causal new], built here since the composite's causal mask is
 * square.
 */
export function softmaxParallel(
  b: GraphBuilder,
  { q, k, v }: AttentionInputs,
  options: SoftmaxOptions & { readonly causal: boolean; readonly initialState?: StateValues },
): FormOutput {
  const initial = parallelInitialState('softmax', options);
  const scale = softmaxScale(options, q);
  if (!initial) {
    const out = scaledDotProductAttention(b, q, k, v, { scale, causal: options.causal });
    return options.causal ? { out, state: { key: k, value: v } } : { out };
  }
  let scores = b.mul(b.matmul(q, b.transposeLast2(k)), scale);
  if (options.causal) scores = b.where(causalMask(b, q.dim(2)), scores, Number.NEGATIVE_INFINITY);
  const cache = kvCache(initial, q, v);
  const pastScores = b.mul(b.matmul(q, b.transposeLast2(cache.key)), scale);
  const state = appendToCache(b, cache, k, v);
  // One softmax over [past | new] keeps the max shift over both; the diagonal keeps a row non-empty.
  const weights = b.softmax(b.concat([pastScores, scores], 3), -1);
  return { out: b.matmul(weights, state.value!), state };
}
