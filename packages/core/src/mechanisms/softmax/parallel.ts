import type { GraphBuilder } from '../../ir/builder.js';
import { causalMask } from '../common/causal-mask.js';
import { parallelInitialState } from '../initial-state.js';
import type { AttentionInputs, FormOutput, StateValues } from '../mechanism.js';
import { appendToCache, kvCache } from './kv-cache.js';
import { type SoftmaxOptions, softmaxScale } from './options.js';

/**
 * Full n_q x n_k scores; the Softmax composite is max-shifted, so large logits cannot overflow. From
 * an initial KV cache, every new query also sees every cached key: the scores are [past | causal new].
 */
export function softmaxParallel(
  b: GraphBuilder,
  { q, k, v }: AttentionInputs,
  options: SoftmaxOptions & { readonly causal: boolean; readonly initialState?: StateValues },
): FormOutput {
  const initial = parallelInitialState('softmax', options);
  const scale = softmaxScale(options, q);
  let scores = b.mul(b.matmul(q, b.transposeLast2(k)), scale);
  if (options.causal) scores = b.where(causalMask(b, q.dim(2)), scores, Number.NEGATIVE_INFINITY);
  if (!initial) {
    const out = b.matmul(b.softmax(scores, -1), v);
    return options.causal ? { out, state: { key: k, value: v } } : { out };
  }
  const cache = kvCache(initial, q, v);
  const pastScores = b.mul(b.matmul(q, b.transposeLast2(cache.key)), scale);
  const state = appendToCache(b, cache, k, v);
  // One softmax over [past | new] keeps the max shift over both; the diagonal keeps a row non-empty.
  const weights = b.softmax(b.concat([pastScores, scores], 3), -1);
  return { out: b.matmul(weights, state.value!), state };
}
