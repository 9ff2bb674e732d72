import type { GraphBuilder, Value } from '../../ir/builder.js';
import type { AttentionInputs } from '../mechanism.js';
import { type RetentionOptions, retentionGammas, retentionScale } from './options.js';

/**
 * The definition, term by term: o_i = sum_j gamma_h^(i-j) (s q_i . k_j) v_j over j <= i (causal),
 * or over every j with gamma_h^|i-j| (non-causal). Dot products and the sum over j are broadcast
 * products and reductions, the decay a plain pow: nothing shared with the forms it checks.
 */
export function retentionNaive(
  b: GraphBuilder,
  { q, k, v }: AttentionInputs,
  options: RetentionOptions & { readonly causal: boolean },
): Value {
  const [batch, heads, nq, dk] = [q.dim(0), q.dim(1), q.dim(2), q.dim(3)];
  const [nk, dv] = [k.dim(2), v.dim(3)];
  const gammas = retentionGammas(options, heads);
  const gamma = b.constant(gammas, [1, gammas.length, 1, 1]);
  const dots = b.reduceSum(
    b.mul(b.reshape(q, [batch, heads, nq, 1, dk]), b.reshape(k, [batch, heads, 1, nk, dk])),
    [4],
  );
  const i = b.reshape(b.iota(nq, 'float32'), [nq, 1]);
  const j = b.reshape(b.iota(nk, 'float32'), [1, nk]);
  const distance = options.causal ? b.sub(i, j) : b.abs(b.sub(i, j));
  // Pairs with j > i are dropped below; clamping keeps their gamma^(negative) from overflowing first.
  let weights = b.mul(b.mul(dots, retentionScale(options, dk)), b.pow(gamma, b.maximum(distance, 0)));
  if (options.causal) weights = b.where(b.lessEqual(j, i), weights, 0);
  const terms = b.mul(b.reshape(weights, [batch, heads, nq, nk, 1]), b.reshape(v, [batch, heads, 1, nk, dv]));
  return b.reduceSum(terms, [3]);
}
