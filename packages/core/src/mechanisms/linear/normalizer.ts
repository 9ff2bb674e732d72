import type { GraphBuilder, Value } from '../../ir/builder.js';
import type { Dim } from '../../ir/shape.js';

/**
 * How a kernelized (linear) attention output is normalized:
 * - 'none': o_i = sum_j (f(q_i).f(k_j)) v_j, as in de Brebisson & Vincent (2016);
 * - 'count': the same divided by the number of tokens seen (causal: i + 1, non-causal: n_k);
 * - 'feature': divided by f(q_i).sum_j f(k_j) + eps, as in Katharopoulos et al. (2020).
 */
export type Normalizer =
  | { readonly kind: 'none' }
  | { readonly kind: 'count' }
  | { readonly kind: 'feature'; readonly eps: number };

/** 1, 2, ..., n as [n, 1]: the causal token counts, one per query row. */
export function runningCounts(b: GraphBuilder, n: Dim): Value {
  return b.reshape(b.add(b.iota(n, 'float32'), 1), [n, 1]);
}

/** n as a [1] value, also when n is symbolic (a sum of ones over an iota of that length). */
export function tokenCount(b: GraphBuilder, n: Dim): Value {
  if (typeof n === 'number') return b.constant([n], [1]);
  return b.reduceSum(b.add(b.mul(b.iota(n, 'float32'), 0), 1), [0], true);
}
