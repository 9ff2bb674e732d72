import type { GraphBuilder, Value } from '../../ir/builder.js';
import { causalMask } from '../common/causal-mask.js';
import { checkLogInputs, type HeinsenLogInputs } from './inputs.js';

/**
 * The quadratic definition in log space, the oracle of the log-space forms: s_ij = LSE_d(q_id + k_jd)
 * over the visible keys (j <= i when causal), log o_iv = LSE_j(s_ij + logV_jv) - LSE_j(s_ij). Written
 * for clarity: it holds [n_q, n_k, d_k] and [n_q, n_k, d_v], every sum max-shifted, so it is exact for
 * any q, k and log V (-inf = V of 0).
 */
export function heinsenLogNaive(
  b: GraphBuilder,
  inputs: HeinsenLogInputs,
  options: { readonly causal: boolean },
): Value {
  checkLogInputs('naive', inputs, options.causal);
  const { q, k, logV } = inputs;
  const [batch, heads, nq, nk] = [q.dim(0), q.dim(1), q.dim(2), k.dim(2)];
  const pairs = b.add(
    b.reshape(q, [batch, heads, nq, 1, q.dim(3)]),
    b.reshape(k, [batch, heads, 1, nk, k.dim(3)]),
  );
  let scores = b.logSumExp(pairs, [-1]);
  if (options.causal) scores = b.where(causalMask(b, nq), scores, Number.NEGATIVE_INFINITY);
  const logZ = b.logSumExp(scores, [-1], true);
  const terms = b.add(
    b.reshape(scores, [batch, heads, nq, nk, 1]),
    b.reshape(logV, [batch, heads, 1, nk, logV.dim(3)]),
  );
  return b.sub(b.logSumExp(terms, [-2]), logZ);
}
