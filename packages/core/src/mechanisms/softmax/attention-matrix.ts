import type { GraphBuilder, Value } from '../../ir/builder.js';
import { causalMask } from '../common/causal-mask.js';
import { type SoftmaxOptions, softmaxScale } from './options.js';

/** softmax(q k^T * scale), masked to keys j <= i when causal: the [b, h, n_q, n_k] weights themselves. */
export function softmaxAttentionMatrix(
  b: GraphBuilder,
  q: Value,
  k: Value,
  options: SoftmaxOptions & { readonly causal: boolean },
): Value {
  const scores = b.mul(b.matmul(q, b.transposeLast2(k)), softmaxScale(options, q));
  if (!options.causal) return b.softmax(scores, -1);
  return b.softmax(b.where(causalMask(b, q.dim(2)), scores, Number.NEGATIVE_INFINITY), -1);
}
