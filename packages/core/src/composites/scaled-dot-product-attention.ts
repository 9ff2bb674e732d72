import type { GraphBuilder, Value } from '../ir/builder.js';
import type { CompositeAttrs } from '../ir/ops.js';
import { causalMask } from '../mechanisms/common/causal-mask.js';

/**
 * softmax(q k^T * scale) v over q [b, h, n_q, dk], k [b, h, n_k, dk], v [b, h, n_k, dv]; with `causal`
 * (which needs n_q = n_k) query i sees keys 0..i. One node, so a backend with a fused attention kernel
 * (ORT's MultiHeadAttention) can run it without the n_q x n_k scores ever reaching memory.
 */
export function scaledDotProductAttention(
  b: GraphBuilder,
  q: Value,
  k: Value,
  v: Value,
  attrs: CompositeAttrs['ScaledDotProductAttention'],
): Value {
  return b.node('ScaledDotProductAttention', [q, k, v], { scale: attrs.scale, causal: attrs.causal });
}

/**
 * The full score matrix through the Softmax composite, so autodiff uses Softmax's own rule
 * (s * (g - sum(g s)): four passes over the n_q x n_k scores) rather than differentiating the max
 * shift, the empty-row guard and the division (about twenty passes). The scale goes on q ([n, dk], not
 * [n, n]) and the causal mask is added as 0 / -inf, whose gradient is the identity rather than another
 * Where over the scores. Rows are never all -inf (`finiteRows`): causal needs n_q = n_k, so the
 * diagonal is seen.
 */
export function decomposeScaledDotProductAttention(
  b: GraphBuilder,
  [q, k, v]: readonly Value[],
  { scale, causal }: CompositeAttrs['ScaledDotProductAttention'],
): Value {
  let scores = b.matmul(b.mul(q!, scale), b.transposeLast2(k!));
  if (causal) scores = b.add(scores, b.where(causalMask(b, q!.dim(2)), 0, Number.NEGATIVE_INFINITY));
  return b.matmul(b.softmax(scores, -1, { finiteRows: true }), v!);
}
