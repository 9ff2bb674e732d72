import type { GraphBuilder, Value } from '../ir/builder.js';
import type { CompositeAttrs } from '../ir/ops.js';
import { causalMask } from '../mechanisms/common/causal-mask.js';
import { decomposeSoftmax } from './softmax.js';

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

/** The full max-shifted score matrix: what softmax's parallel form built before this composite existed. */
export function decomposeScaledDotProductAttention(
  b: GraphBuilder,
  [q, k, v]: readonly Value[],
  { scale, causal }: CompositeAttrs['ScaledDotProductAttention'],
): Value {
  let scores = b.mul(b.matmul(q!, b.transposeLast2(k!)), scale);
  if (causal) scores = b.where(causalMask(b, q!.dim(2)), scores, Number.NEGATIVE_INFINITY);
  return b.matmul(decomposeSoftmax(b, [scores], { axis: -1 }), v!);
}
