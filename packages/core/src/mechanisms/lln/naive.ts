import type { GraphBuilder, Value } from '../../ir/builder.js';
import type { AttentionInputs } from '../mechanism.js';
import { llnAttentionMatrix } from './attention-matrix.js';
import type { LlnOptions } from './options.js';

/**
 * The definition (README.md): o = P v with P_ij = W_ij / (sum_j W_ij + eps). Unlike the non-causal
 * parallel form, which reads Q (K^T V), it forms the whole [n_q, n_k] matrix first.
 */
export function llnNaive(
  b: GraphBuilder,
  { q, k, v }: AttentionInputs,
  options: LlnOptions & { readonly causal: boolean },
): Value {
  return b.matmul(llnAttentionMatrix(b, q, k, options), v);
}
