/**
 * Plain-loop float64 oracles for LLN, written from the paper's and the reference's formulas without
 * any code from src/. Tensors are flat row-major [b, h, n, d].
 */

export interface Dims4 {
  readonly b: number;
  readonly h: number;
  readonly n: number;
  readonly d: number;
}

const A = 0.14855178144710912;
const B = -0.35487039130661086;

function unbiasedStd(x: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i]!;
  mean /= x.length;
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += (x[i]! - mean) ** 2;
  return Math.sqrt(ss / (x.length - 1));
}

export function naiveScales(q: ArrayLike<number>, k: ArrayLike<number>): { alpha: number; beta: number } {
  const sq = unbiasedStd(q);
  const sk = unbiasedStd(k);
  const tilde = Math.sqrt((sq * sq * sk * sk - B) / (2 * A));
  return { alpha: tilde / sq, beta: tilde / sk };
}

export interface NaiveLlnOptions {
  readonly causal: boolean;
  readonly eps: number;
  readonly alpha: number;
  readonly beta: number;
}

/**
 * Quadratic form out_i = sum_j w_ij v_j / (sum_j w_ij + eps) with
 * w_ij = sum_d exp(alpha q_id - max_d' alpha q_id') exp(beta k_jd - shift_i), where shift_i is the max of
 * beta*k over all keys and dims (non-causal) or over keys j' <= i (causal, the running max).
 */
export function naiveLln(
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  v: ArrayLike<number>,
  dq: Dims4,
  nk: number,
  dv: number,
  o: NaiveLlnOptions,
): Float64Array {
  const { b, h, n, d } = dq;
  const out = new Float64Array(b * h * n * dv);
  for (let bh = 0; bh < b * h; bh++) {
    const kAt = (j: number, c: number) => o.beta * k[(bh * nk + j) * d + c]!;
    for (let i = 0; i < n; i++) {
      let qMax = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < d; c++) qMax = Math.max(qMax, o.alpha * q[(bh * n + i) * d + c]!);
      const last = o.causal ? i : nk - 1;
      let shift = Number.NEGATIVE_INFINITY;
      for (let j = 0; j <= last; j++) for (let c = 0; c < d; c++) shift = Math.max(shift, kAt(j, c));
      let den = 0;
      const num = new Float64Array(dv);
      for (let j = 0; j <= last; j++) {
        let w = 0;
        for (let c = 0; c < d; c++) {
          w += Math.exp(o.alpha * q[(bh * n + i) * d + c]! - qMax) * Math.exp(kAt(j, c) - shift);
        }
        den += w;
        for (let e = 0; e < dv; e++) num[e]! += w * v[(bh * nk + j) * dv + e]!;
      }
      for (let e = 0; e < dv; e++) out[(bh * n + i) * dv + e] = num[e]! / (den + o.eps);
    }
  }
  return out;
}

/** softmax(q k^T / sqrt(d)) v inside consecutive blocks of d tokens (last block shorter), loops only. */
export function naiveBlockSoftmax(
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  v: ArrayLike<number>,
  dims: Dims4,
  dv: number,
  causal: boolean,
): Float64Array {
  const { b, h, n, d } = dims;
  const out = new Float64Array(b * h * n * dv);
  for (let bh = 0; bh < b * h; bh++) {
    for (let i = 0; i < n; i++) {
      const start = Math.floor(i / d) * d;
      const end = causal ? i + 1 : Math.min(n, start + d);
      const scores: number[] = [];
      for (let j = start; j < end; j++) {
        let s = 0;
        for (let c = 0; c < d; c++) s += q[(bh * n + i) * d + c]! * k[(bh * n + j) * d + c]!;
        scores.push(s / Math.sqrt(d));
      }
      const max = Math.max(...scores);
      const weights = scores.map((s) => Math.exp(s - max));
      const total = weights.reduce((x, y) => x + y, 0);
      for (let e = 0; e < dv; e++) {
        let acc = 0;
        weights.forEach((w, t) => {
          acc += (w / total) * v[(bh * n + start + t) * dv + e]!;
        });
        out[(bh * n + i) * dv + e] = acc;
      }
    }
  }
  return out;
}
