import type { GraphBuilder, Value } from '../../ir/builder.js';
import type { AttentionInputs } from '../mechanism.js';
import { softmaxAttentionMatrix } from './attention-matrix.js';
import type { SoftmaxOptions } from './options.js';

/** The definition: o = P v with P the row-softmax of the scaled scores (causally masked). */
export function softmaxNaive(
  b: GraphBuilder,
  { q, k, v }: AttentionInputs,
  options: SoftmaxOptions & { readonly causal: boolean },
): Value {
  return b.matmul(softmaxAttentionMatrix(b, q, k, options), v);
}
