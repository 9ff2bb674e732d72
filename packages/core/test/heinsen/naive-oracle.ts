/**
 * The quadratic definition in plain float64 loops, independent of the graph code:
 * w_ij = softmax_j(s_ij) over visible j, s_ij = log sum_d exp(q_id + k_jd) (max-shifted LSE).
 * Arrays are flat row-major [b, h, n, d].
 */
export interface NaiveDims {
  readonly bh: number;
  readonly nq: number;
  readonly nk: number;
  readonly dk: number;
  readonly dv: number;
}

function lse(xs: readonly number[]): number {
  const m = Math.max(...xs);
  if (m === Number.NEGATIVE_INFINITY) return m;
  let s = 0;
  for (const x of xs) s += Math.exp(x - m);
  return m + Math.log(s);
}

/** Scores s_ij per (head, query) restricted to visible keys. */
function scores(
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  d: NaiveDims,
  h: number,
  i: number,
  causal: boolean,
) {
  const last = causal ? i : d.nk - 1;
  const s: number[] = [];
  for (let j = 0; j <= last; j++) {
    const terms: number[] = [];
    for (let c = 0; c < d.dk; c++) terms.push(q[(h * d.nq + i) * d.dk + c]! + k[(h * d.nk + j) * d.dk + c]!);
    s.push(lse(terms));
  }
  return s;
}

/** One d_v row per (head, query), computed from that query's visible scores, as flat [bh, nq, dv]. */
function perQuery(
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  d: NaiveDims,
  causal: boolean,
  row: (s: number[], h: number) => Float64Array,
): Float64Array {
  const out = new Float64Array(d.bh * d.nq * d.dv);
  for (let h = 0; h < d.bh; h++) {
    for (let i = 0; i < d.nq; i++) out.set(row(scores(q, k, d, h, i, causal), h), (h * d.nq + i) * d.dv);
  }
  return out;
}

/** log o = LSE_j(s_ij + log v_j) - LSE_j(s_ij). */
export function naiveLogAttention(
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  logV: ArrayLike<number>,
  d: NaiveDims,
  causal: boolean,
): Float64Array {
  return perQuery(q, k, d, causal, (s, h) => {
    const z = lse(s);
    const row = new Float64Array(d.dv);
    for (let v = 0; v < d.dv; v++) {
      const terms = s.map((sj, j) => sj + logV[(h * d.nk + j) * d.dv + v]!);
      row[v] = lse(terms) - z;
    }
    return row;
  });
}

/** o = sum_j softmax_j(s_ij) v_j for signed v. */
export function naiveAttention(
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  v: ArrayLike<number>,
  d: NaiveDims,
  causal: boolean,
): Float64Array {
  return perQuery(q, k, d, causal, (s, h) => {
    const m = Math.max(...s);
    const w = s.map((x) => Math.exp(x - m));
    const total = w.reduce((a, b) => a + b, 0);
    const row = new Float64Array(d.dv);
    for (let c = 0; c < d.dv; c++) {
      let acc = 0;
      w.forEach((wj, j) => {
        acc += wj * v[(h * d.nk + j) * d.dv + c]!;
      });
      row[c] = acc / total;
    }
    return row;
  });
}

/** Final log state: logHZ [bh, dk] = LSE_j k_jd; logHS [bh, dk, dv] = LSE_j (k_jd + logV_jv). */
export function naiveLogState(k: ArrayLike<number>, logV: ArrayLike<number>, d: Omit<NaiveDims, 'nq'>) {
  const logHZ = new Float64Array(d.bh * d.dk);
  const logHS = new Float64Array(d.bh * d.dk * d.dv);
  for (let h = 0; h < d.bh; h++) {
    for (let c = 0; c < d.dk; c++) {
      const keys = Array.from({ length: d.nk }, (_, j) => k[(h * d.nk + j) * d.dk + c]!);
      logHZ[h * d.dk + c] = lse(keys);
      for (let v = 0; v < d.dv; v++) {
        logHS[(h * d.dk + c) * d.dv + v] = lse(keys.map((kj, j) => kj + logV[(h * d.nk + j) * d.dv + v]!));
      }
    }
  }
  return { logHZ, logHS };
}

/**
 * Pass when |a - e| <= rel * max(1, |e|) for finite e, and a is exactly -inf where e is.
 * Returns a description of the first failure, or undefined.
 */
export function firstMismatch(actual: ArrayLike<number>, expected: ArrayLike<number>, rel: number) {
  if (actual.length !== expected.length) return `length ${actual.length} != ${expected.length}`;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (e === Number.NEGATIVE_INFINITY) {
      if (a !== e) return `[${i}]: expected -inf, got ${a}`;
    } else if (!(Math.abs(a - e) <= rel * Math.max(1, Math.abs(e)))) {
      return `[${i}]: expected ${e}, got ${a}`;
    }
  }
  return undefined;
}
