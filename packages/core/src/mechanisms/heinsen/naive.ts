import type { GraphBuilder, Value } from '../../ir/builder.js';
import { causalMask } from '../common/causal-mask.js';
import type { AttentionInputs } from '../mechanism.js';
import { checkHeinsenInputs } from './check-inputs.js';

/**
 * The quadratic definition, the oracle every form is checked against: with no 1/sqrt(d) scale,
 * s_ij = log sum_d exp(q_id + k_jd) = log (exp(q_i) . exp(k_j)), w_ij = softmax_j(s_ij) over the
 * visible keys (j <= i when causal), o_i = sum_j w_ij v_j for signed V. Written for clarity: it holds
 * [n_q, n_k, d_k] scores, and each log-sum-exp is max-shifted, so it is exact for any |q|, |k|.
 */
export function heinsenNaive(
  b: GraphBuilder,
  inputs: AttentionInputs,
  options: { readonly causal: boolean },
): Value {
  checkHeinsenInputs('naive', inputs, options.causal);
  const { q, k, v } = inputs;
  const [batch, heads, nq, nk, dk] = [q.dim(0), q.dim(1), q.dim(2), k.dim(2), q.dim(3)];
  const pairs = b.add(b.reshape(q, [batch, heads, nq, 1, dk]), b.reshape(k, [batch, heads, 1, nk, dk]));
  let scores = b.logSumExp(pairs, [-1]);
  if (options.causal) scores = b.where(causalMask(b, nq), scores, Number.NEGATIVE_INFINITY);
  return b.matmul(b.softmax(scores, -1), v);
}
