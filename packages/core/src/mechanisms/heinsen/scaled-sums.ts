import { finiteShift } from '../../composites/shift.js';
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

/** Sums over axis -2 of keys [..., J, d_k] and values [..., J, d_v]: one GEMM and one row sum. */
export function scaledKeySums(b: GraphBuilder, keys: Value, values: Value): ScaledSums {
  const keyMax = b.reduceMax(keys, [-2], true);
  const keyFactor = b.exp(b.sub(keys, finiteShift(b, keyMax)));
  const valueSums = b.matmul(b.transposeLast2(keyFactor), values);
  const norms = b.transposeLast2(b.reduceSum(keyFactor, [-2], true));
  return { keyMax, sums: b.concat([valueSums, norms], -1) };
}

/** exp(M - shift) as a column [..., d_k, 1] that scales the rows of sums [..., d_k, w]. */
function rescale(b: GraphBuilder, x: ScaledSums, shift: Value): Value {
  return b.mul(x.sums, b.transposeLast2(b.exp(b.sub(x.keyMax, shift))));
}

/** The sums over both key sets, against the larger reference: the monoid every scan here folds with. */
export function combineScaled(b: GraphBuilder, x: ScaledSums, y: ScaledSums): ScaledSums {
  const keyMax = b.maximum(x.keyMax, y.keyMax);
  const shift = finiteShift(b, keyMax);
  return { keyMax, sums: b.add(rescale(b, x, shift), rescale(b, y, shift)) };
}

/**
 * Unnormalized attention in real space, per query row i and against its row shift R_i: values
 * sum_j w_ij e^-R_i v_j [..., I, d_v] and norm sum_j w_ij e^-R_i [..., I, 1]. Masses of disjoint key
 * sets under the same R add; o = values / norm, and norm >= 1 once R_i is row i's largest log weight.
 */
export interface Mass {
  readonly values: Value;
  readonly norm: Value;
}

export function addMass(b: GraphBuilder, x: Mass, y: Mass): Mass {
  return { values: b.add(x.values, y.values), norm: b.add(x.norm, y.norm) };
}

export function outputOf(b: GraphBuilder, mass: Mass): Value {
  return b.div(mass.values, mass.norm);
}

/**
 * Mass of summarized keys seen by queries with scores q_id + M_d [..., I, d_k] and a row shift R_i at
 * least their row max: factors exp(q_id + M_d - R_i) <= 1 times the sums.
 */
export function readScaled(b: GraphBuilder, scores: Value, rowShift: Value, sums: Value): Mass {
  const factors = b.exp(b.sub(scores, rowShift));
  const dv = (sums.dim(-1) as number) - 1;
  return {
    values: b.matmul(factors, b.slice(sums, [-1], [0], [dv])),
    norm: b.matmul(factors, b.slice(sums, [-1], [dv], [dv + 1])),
  };
}
