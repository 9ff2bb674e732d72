import { type HostMatrix, logNormalFit, meanRowEntropy, spectralGap } from '@constant-attention/core';

export interface Concentration {
  /** Whether some weight is negative: then P is no distribution and the rest are null. */
  readonly signed: boolean;
  readonly row_entropy: number | null;
  readonly spectral_gap: number | null;
  /** Variance of log P over positive entries (the log-normal's sigma^2 by moments). */
  readonly log_normal_variance: number | null;
  readonly log_normal_mean: number | null;
  /** Mean over rows of the total variation distance 0.5 sum_j |P_ij - S_ij| to softmax's rows. */
  readonly tv_to_softmax: number | null;
}

/** Each row divided by its sum, so every mechanism is compared as a distribution over keys. */
export function normalizeRows(data: Float64Array, n: number): HostMatrix {
  const out = new Float64Array(data.length);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += data[i * n + j]!;
    for (let j = 0; j < n; j++) out[i * n + j] = data[i * n + j]! / sum;
  }
  return { rows: n, cols: n, data: out };
}

function totalVariation(p: HostMatrix, s: HostMatrix): number {
  let total = 0;
  for (let i = 0; i < p.rows; i++) {
    let row = 0;
    for (let j = 0; j < p.cols; j++) row += Math.abs(p.data[i * p.cols + j]! - s.data[i * s.cols + j]!);
    total += row / 2;
  }
  return total / p.rows;
}

/**
 * core's instruments (row entropy, spectral gap 1 - |lambda_2|, log-normal fit) on one n x n matrix,
 * rows normalized first: LLN's eps and linear attention's normalizers leave rows that sum to slightly
 * less or more than 1, and the paper compares shapes of distributions.
 */
export function concentration(raw: Float64Array, n: number, softmax: HostMatrix | undefined): Concentration {
  if (raw.some((x) => x < 0 || !Number.isFinite(x)))
    return {
      signed: true,
      row_entropy: null,
      spectral_gap: null,
      log_normal_variance: null,
      log_normal_mean: null,
      tv_to_softmax: null,
    };
  const p = normalizeRows(raw, n);
  const fit = logNormalFit(p);
  return {
    signed: false,
    row_entropy: meanRowEntropy(p),
    spectral_gap: spectralGap(p).gap,
    log_normal_variance: fit.variance,
    log_normal_mean: fit.mean,
    tv_to_softmax: softmax ? totalVariation(p, softmax) : null,
  };
}
