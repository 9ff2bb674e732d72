import { guardedFastPath } from '../../composites/guarded-fast-path.js';
import { finiteShift } from '../../composites/shift.js';
import type { GraphBuilder, Value } from '../../ir/builder.js';
import { exactBlockLogN, exactKeySums, exactStateLogN } from './exact-mass.js';

const NEG_INF = Number.NEGATIVE_INFINITY;

/**
 * How far (in log units) a GEMM's sum may sit below its offsets and still be taken as exact. The GEMM's
 * terms are products of factors <= 1; a term it loses is below e^-87 of the offsets (float32's smallest
 * normal), and it has at most J (d_k + 1) of them. A sum of at least e^-40 then carries a relative error
 * below J (d_k + 1) e^-47 (under 1e-13 for J (d_k + 1) up to 1e7): exact in float32. Below it, the
 * largest term itself may be lost: the GEMM gives -inf or far too little where the truth is finite.
 */
export const LOG_GEMM_MAX_GAP = 40;

/**
 * True when a GEMM's log sums (against their offsets) [..., r, w] are all exact: each at least
 * e^-LOG_GEMM_MAX_GAP, or in a column whose values are all 0 (`columnMax` [..., 1, w] of -inf), where
 * -inf is the exact result. NaN counts as unsafe.
 */
function gemmIsExact(b: GraphBuilder, rawLog: Value, columnMax: Value): Value {
  // Per column first (two passes over the GEMM's result), then the column test on [..., 1, w] alone.
  const deepest = b.reduceMax(b.neg(rawLog), [-2], true);
  const gap = b.where(b.equal(columnMax, NEG_INF), 0, deepest);
  const unsafe = b.where(b.lessEqual(gap, LOG_GEMM_MAX_GAP), 0, 1);
  const all = Array.from({ length: unsafe.rank }, (_, i) => i);
  return b.equal(b.reduceMax(unsafe, all, false), 0);
}

/**
 * Unnormalized attention mass of a set of keys, as logs, per query i:
 * log Z_i = log sum_j sum_d exp(q_id + k_jd) ([..., n_q, 1]) and log N_iv = the same sum weighted by
 * V_jv ([..., n_q, d_v]). Masses of disjoint key sets add (logAddExp); log o = log N - log Z.
 */
export interface LogMass {
  readonly logZ: Value;
  readonly logN: Value;
}

/** Log-space sums over a set of keys: log H_Z [..., 1, d_k] and log H_S [..., d_k, d_v]. */
export interface LogKeySums {
  readonly logHZ: Value;
  readonly logHS: Value;
}

/**
 * Mass of keys [..., J, d_k] that every query [..., I, d_k] may see, as GEMMs, without forming
 * [I, J, d_k]. With m_d = max_j k_jd and a_i = max_d (q_id + m_d), both factors exp(q_id + m_d - a_i) and
 * exp(k_jd - m_d) are <= 1 and the (argmax d, argmax j) term is exactly 1, so each row sum is >= 1 and
 * only terms below e^-87 (float32) of the row's largest underflow. Per-row and per-key offsets
 * (a_i = max_d q_id, b_j = max_d k_jd) would not do: when the argmaxes disagree every product underflows.
 * The V factor exp(logV - c_v) is shifted per value column. log Z is always exact (its row sum is >= 1);
 * log N is exact while its largest term stays within e^-LOG_GEMM_MAX_GAP of the offsets, which can fail
 * when the keys that weigh most hold tiny V and the keys with large V weigh little (README). Where any
 * (i, v) fails the guard, the block's log N comes from exactBlockLogN instead.
 */
export function keyBlockMass(b: GraphBuilder, q: Value, k: Value, logV: Value): LogMass {
  const keyShift = finiteShift(b, b.reduceMax(k, [-2], true));
  const keyFactor = b.exp(b.sub(k, keyShift));
  const shiftedQ = b.add(q, keyShift);
  const rowShift = finiteShift(b, b.reduceMax(shiftedQ, [-1], true));
  const queryFactor = b.exp(b.sub(shiftedQ, rowShift));
  const weights = b.matmul(queryFactor, b.transposeLast2(keyFactor));
  const valueMax = b.reduceMax(logV, [-2], true);
  const valueShift = finiteShift(b, valueMax);
  const values = b.exp(b.sub(logV, valueShift));
  const rawLogN = b.log(b.matmul(weights, values));
  const fastLogN = b.add(b.add(rawLogN, rowShift), valueShift);
  return {
    logZ: b.add(b.log(b.reduceSum(weights, [-1], true)), rowShift),
    logN: guardedFastPath(b, gemmIsExact(b, rawLogN, valueMax), fastLogN, exactBlockLogN(b, q, k, logV)),
  };
}

/**
 * Mass of a summarized key set (log H_Z [..., 1, d_k], log H_S [..., d_k, d_v]) seen by queries
 * [..., I, d_k]. log Z_i = LSE_d(q_id + H_Zd) directly; for N, P_id = softmax_d(q_id + H_Zd) and
 * L_dv = H_S[d,v] - H_Z[d] (a log-average of V, bounded by V's log-range whatever q and k are), so
 * log N_iv = log Z_i + log(P @ exp(L - b)) + b with b_v = max_d L_dv: every factor is <= 1. That is
 * exact while the largest term is within e^-LOG_GEMM_MAX_GAP of 1; where not, exactStateLogN.
 */
export function stateMass(b: GraphBuilder, q: Value, logHZ: Value, logHS: Value): LogMass {
  const scores = b.add(q, logHZ);
  const logZ = b.logSumExp(scores, [-1], true);
  const perDim = b.softmax(scores, -1);
  const zColumn = b.transposeLast2(logHZ);
  // An empty dim has H_S = H_Z = -inf; its log-average is -inf (no mass), not -inf - -inf = NaN.
  const logAverage = b.where(b.equal(zColumn, NEG_INF), NEG_INF, b.sub(logHS, zColumn));
  const averageMax = b.reduceMax(logAverage, [-2], true);
  const averageShift = finiteShift(b, averageMax);
  const rawLogN = b.log(b.matmul(perDim, b.exp(b.sub(logAverage, averageShift))));
  const fastLogN = b.add(b.add(rawLogN, averageShift), logZ);
  return {
    logZ,
    logN: guardedFastPath(b, gemmIsExact(b, rawLogN, averageMax), fastLogN, exactStateLogN(b, q, logHS)),
  };
}

/**
 * log H_Z = LSE_j k_j and log H_S = LSE_j (k_j + logV_j) over axis -2, H_S as one shifted GEMM, exact
 * while each entry's largest term is within e^-LOG_GEMM_MAX_GAP of its offsets; where not, exactKeySums.
 */
export function keySums(b: GraphBuilder, k: Value, logV: Value): LogKeySums {
  const keyShift = finiteShift(b, b.reduceMax(k, [-2], true));
  const valueMax = b.reduceMax(logV, [-2], true);
  const valueShift = finiteShift(b, valueMax);
  const products = b.matmul(b.transposeLast2(b.exp(b.sub(k, keyShift))), b.exp(b.sub(logV, valueShift)));
  const rawLogHS = b.log(products);
  const fastLogHS = b.add(b.add(rawLogHS, b.transposeLast2(keyShift)), valueShift);
  return {
    logHZ: b.logSumExp(k, [-2], true),
    logHS: guardedFastPath(b, gemmIsExact(b, rawLogHS, valueMax), fastLogHS, exactKeySums(b, k, logV)),
  };
}

export function addMass(b: GraphBuilder, x: LogMass, y: LogMass): LogMass {
  return { logZ: b.logAddExp(x.logZ, y.logZ), logN: b.logAddExp(x.logN, y.logN) };
}

/** log o = log N - log Z; a query with no mass at all (only padding) gives -inf rather than NaN. */
export function logOutput(b: GraphBuilder, mass: LogMass): Value {
  return b.where(b.equal(mass.logZ, NEG_INF), NEG_INF, b.sub(mass.logN, mass.logZ));
}
