import { subtractedShift } from '../../composites/shift.js';
import { stopGradient } from '../../composites/stop-gradient.js';
import type { GraphBuilder, Value } from '../../ir/builder.js';

/**
 * Key sums in real space against a per-dim log reference (the real-valued API's recurrent state):
 * keyMax M [..., 1, d_k] is the largest key seen per dim, and sums S [..., d_k, w] holds
 * sum_j exp(k_jd - M_d) [v_j, 1]: the values, then a ones column whose sum is the normalizer. Every
 * factor exp(k_jd - M_d) is <= 1, and a factor only underflows when its key is more than e^87 below an
 * earlier key of the same dim, whose own term then outweighs it for every query that sees both.
 * Empty: M = -inf, S = 0.
 */
export interface ScaledSums {
  readonly keyMax: Value;
  readonly sums: Value;
}

/**
 * Sums over axis -2 of keys [..., J, d_k] and augmented values [v, 1] [..., J, d_v + 1], one GEMM;
 * with the keys' factors exp(k - keyMax) [..., J, d_k] that made them.
 */
export function scaledKeySums(
  b: GraphBuilder,
  keys: Value,
  augmented: Value,
): ScaledSums & { readonly keyFactor: Value } {
  const keyMax = stopGradient(b, b.reduceMax(keys, [-2], true));
  const keyFactor = b.exp(b.sub(keys, subtractedShift(b, keyMax)));
  return { keyMax, keyFactor, sums: b.matmul(b.transposeLast2(keyFactor), augmented) };
}

/**
 * [v, 1]: with the ones column, every GEMM over values also sums the normalizer, so each weight
 * matrix has a single consumer and dies right after it (a separate row sum would keep it alive
 * until a runtime happened to schedule both).
 */
export function withOnesColumn(b: GraphBuilder, v: Value): Value {
  return b.padAxis(v, -1, 0, 1, 1);
}

/** exp(M - shift) as a column [..., d_k, 1] that scales the rows of sums [..., d_k, w]. */
function rescale(b: GraphBuilder, x: ScaledSums, shift: Value): Value {
  return b.mul(x.sums, b.transposeLast2(b.exp(b.sub(x.keyMax, shift))));
}

/** The sums over both key sets, against the larger reference: the monoid every scan here folds with. */
export function combineScaled(b: GraphBuilder, x: ScaledSums, y: ScaledSums): ScaledSums {
  const keyMax = b.maximum(x.keyMax, y.keyMax);
  const shift = subtractedShift(b, keyMax);
  return { keyMax, sums: b.add(rescale(b, x, shift), rescale(b, y, shift)) };
}

export function outputOf(b: GraphBuilder, mass: Value): Value {
  const dv = (mass.dim(-1) as number) - 1;
  return b.div(b.slice(mass, [-1], [0], [dv]), b.slice(mass, [-1], [dv], [dv + 1]));
}

/**
 * Mass of summarized keys seen by queries with scores q_id + M_d [..., I, d_k], against the row max
 * R_i = max_d (q_id + M_d), which is exactly the largest log weight among those keys: factors
 * exp(q_id + M_d - R_i) <= 1 times the sums.
 */
export function readScaled(b: GraphBuilder, scores: Value, sums: Value): Value {
  const rowMax = stopGradient(b, b.reduceMax(scores, [-1], true));
  return b.matmul(b.exp(b.sub(scores, subtractedShift(b, rowMax))), sums);
}
