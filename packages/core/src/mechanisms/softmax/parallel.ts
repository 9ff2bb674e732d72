import type { GraphBuilder } from '../../ir/builder.js';
import { causalMask } from '../common/causal-mask.js';
import type { AttentionInputs, FormOutput } from '../mechanism.js';
import { type SoftmaxOptions, softmaxScale } from './options.js';

/** Full n_q x n_k scores; the Softmax composite is max-shifted, so large logits cannot overflow. */
export function softmaxParallel(
  b: GraphBuilder,
  { q, k, v }: AttentionInputs,
  options: SoftmaxOptions & { readonly causal: boolean },
): FormOutput {
  let scores = b.mul(b.matmul(q, b.transposeLast2(k)), softmaxScale(options, q));
  if (options.causal) scores = b.where(causalMask(b, q.dim(2)), scores, Number.NEGATIVE_INFINITY);
  const out = b.matmul(b.softmax(scores, -1), v);
  return options.causal ? { out, state: { key: k, value: v } } : { out };
}
