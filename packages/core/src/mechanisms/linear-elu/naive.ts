import type { GraphBuilder, Value } from '../../ir/builder.js';
import { causalMask } from '../common/causal-mask.js';
import type { AttentionInputs } from '../mechanism.js';

/**
 * The definition (Katharopoulos et al., 2020, eq. 4): with f(x) = elu(x) + 1 written as the paper
 * writes it, w_ij = f(q_i) . f(k_j) over the keys query i sees, o_i = sum_j w_ij v_j / (sum_j w_ij + eps).
 * The forms compute f differently (index.ts) to keep it positive in float32; in float64 they agree.
 */
export function linearEluNaive(
  b: GraphBuilder,
  { q, k, v }: AttentionInputs,
  options: { readonly eps: number; readonly causal: boolean },
): Value {
  const f = (x: Value) => b.add(b.elu(x), 1);
  let weights = b.matmul(f(q), b.transposeLast2(f(k)));
  if (options.causal) weights = b.where(causalMask(b, q.dim(2)), weights, 0);
  const rows = b.add(b.reduceSum(weights, [-1], true), options.eps);
  return b.matmul(b.div(weights, rows), v);
}
