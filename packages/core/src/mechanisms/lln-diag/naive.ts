import type { GraphBuilder, Value } from '../../ir/builder.js';
import type { LlnOptions } from '../lln/options.js';
import type { AttentionInputs } from '../mechanism.js';
import { llnDiagAttentionMatrix } from './attention-matrix.js';

/**
 * The definition: o = P v with P the average of lln's matrix and the block-diagonal softmax weights
 * (blocks of d_k tokens) as whole [n, n] matrices; the forms never build the block mask at full size.
 */
export function llnDiagNaive(
  b: GraphBuilder,
  { q, k, v }: AttentionInputs,
  options: LlnOptions & { readonly causal: boolean },
): Value {
  return b.matmul(llnDiagAttentionMatrix(b, q, k, options), v);
}
