import type { GraphBuilder, Value } from '../../ir/builder.js';
import { causalMask } from '../common/causal-mask.js';

/** phi_q(q) = exp(alpha q - max_d alpha q), shifted per query row so every factor is <= 1. */
export function queryFeatures(b: GraphBuilder, q: Value, alpha: Value): Value {
  const scaled = b.mul(q, alpha);
  return b.exp(b.sub(scaled, b.reduceMax(scaled, [-1], true)));
}

/**
 * Running max along the second-to-last axis of x [..., n, 1]: out_i = max_{j <= i} x_j. There is no
 * cumulative-max primitive, so it is a masked max over an [n, n] tile, which is fine inside the
 * quadratic parallel form and inside a chunk.
 */
export function prefixMax(b: GraphBuilder, x: Value, strict = false): Value {
  const n = x.dim(-2);
  const masked = b.where(causalMask(b, n, strict), b.transposeLast2(x), Number.NEGATIVE_INFINITY);
  return b.reduceMax(masked, [-1], true);
}

/**
 * exp(m_j - m_i) for j <= i, else 0, from a non-decreasing running max m [..., n, 1]. Every entry is
 * <= 1; the exponent is masked before exp so the future (m_j > m_i) can never overflow.
 */
export function decayMatrix(b: GraphBuilder, m: Value, strict = false): Value {
  const n = m.dim(-2);
  const diff = b.sub(b.transposeLast2(m), m);
  return b.exp(b.where(causalMask(b, n, strict), diff, Number.NEGATIVE_INFINITY));
}
