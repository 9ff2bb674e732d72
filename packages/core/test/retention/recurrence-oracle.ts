import type { Tensor } from '../../src/index.js';

export interface OracleResult {
  /** [b, h, n_q, dv] */
  readonly out: Float64Array;
  /** The state after the last key, [b, h, dk, dv]. */
  readonly S: Float64Array;
}

/**
 * Retention in plain float64 loops, from the paper's recurrence and nothing of the library:
 *   S_t = gamma_h S_{t-1} + k_t^T v_t,  o_t = scale q_t S_t   (causal, from S_0 = `initial` or 0)
 * and, non-causal, the pairwise definition o_i = sum_j gamma_h^|i-j| scale (q_i . k_j) v_j.
 */
export function retentionOracle(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  options: {
    readonly causal: boolean;
    readonly gammas: readonly number[];
    readonly scale: number;
    readonly initial?: ArrayLike<number>;
  },
): OracleResult {
  const [B, H, nq, dk] = q.shape as [number, number, number, number];
  const nk = k.shape[2]!;
  const dv = v.shape[3]!;
  const out = new Float64Array(B * H * nq * dv);
  const S = new Float64Array(B * H * dk * dv);
  const gammaOf = (h: number) => options.gammas[options.gammas.length === 1 ? 0 : h]!;
  const qAt = (bh: number, i: number, x: number) => q.data[(bh * nq + i) * dk + x]!;
  const kAt = (bh: number, j: number, x: number) => k.data[(bh * nk + j) * dk + x]!;
  const vAt = (bh: number, j: number, y: number) => v.data[(bh * nk + j) * dv + y]!;
  for (let bh = 0; bh < B * H; bh++) {
    const gamma = gammaOf(bh % H);
    const state = new Float64Array(dk * dv);
    if (options.initial) for (let e = 0; e < dk * dv; e++) state[e] = options.initial[bh * dk * dv + e]!;
    for (let t = 0; t < nk; t++) {
      for (let x = 0; x < dk; x++)
        for (let y = 0; y < dv; y++)
          state[x * dv + y] = gamma * state[x * dv + y]! + kAt(bh, t, x) * vAt(bh, t, y);
      if (!options.causal) continue;
      for (let y = 0; y < dv; y++) {
        let o = 0;
        for (let x = 0; x < dk; x++) o += options.scale * qAt(bh, t, x) * state[x * dv + y]!;
        out[(bh * nq + t) * dv + y] = o;
      }
    }
    S.set(state, bh * dk * dv);
    if (options.causal) continue;
    for (let i = 0; i < nq; i++) {
      for (let j = 0; j < nk; j++) {
        let dot = 0;
        for (let x = 0; x < dk; x++) dot += qAt(bh, i, x) * kAt(bh, j, x);
        const w = gamma ** Math.abs(i - j) * options.scale * dot;
        for (let y = 0; y < dv; y++) out[(bh * nq + i) * dv + y]! += w * vAt(bh, j, y);
      }
    }
  }
  return { out, S };
}

/** RetNet's default decays, written out from the paper for the oracle: 1 - 2^(-5 - h). */
export function paperGammas(heads: number): number[] {
  const gammas: number[] = [];
  for (let h = 0; h < heads; h++) gammas.push(1 - 1 / 2 ** (5 + h));
  return gammas;
}
