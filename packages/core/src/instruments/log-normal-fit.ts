import { checkNonNegative, type HostMatrix } from './host-matrix.js';

export interface LogNormalFit {
  /** Mean of log P_ij over the strictly positive entries. */
  readonly mean: number;
  /** Population variance of log P_ij over the same entries (the log-normal's sigma^2, by moments). */
  readonly variance: number;
  /** Mean over rows of each row's own variance of log P_ij, which leaves out the spread of row normalizers. */
  readonly meanRowVariance: number;
  /** Number of positive entries used. */
  readonly count: number;
  /** Entries equal to 0 (masked or underflowed), which have no logarithm and are left out. */
  readonly zeros: number;
}

/**
 * Moment fit of a log-normal to the attention weights, the paper's instrument: if P is log-normal,
 * log P is normal with this mean and variance. Causal masks give zeros, which are counted, not fitted.
 */
export function logNormalFit(m: HostMatrix): LogNormalFit {
  checkNonNegative('logNormalFit', m);
  let count = 0;
  let sum = 0;
  let rowVarianceSum = 0;
  let rowsWithEntries = 0;
  for (let i = 0; i < m.rows; i++) {
    const logs: number[] = [];
    for (let j = 0; j < m.cols; j++) {
      const p = m.data[i * m.cols + j]!;
      if (p > 0) logs.push(Math.log(p));
    }
    if (logs.length === 0) continue;
    const rowMean = logs.reduce((a, b) => a + b, 0) / logs.length;
    rowVarianceSum += logs.reduce((a, x) => a + (x - rowMean) ** 2, 0) / logs.length;
    rowsWithEntries++;
    count += logs.length;
    sum += logs.reduce((a, b) => a + b, 0);
  }
  const mean = count > 0 ? sum / count : Number.NaN;
  let squares = 0;
  for (const p of m.data) if (p > 0) squares += (Math.log(p) - mean) ** 2;
  return {
    mean,
    variance: count > 0 ? squares / count : Number.NaN,
    meanRowVariance: rowsWithEntries > 0 ? rowVarianceSum / rowsWithEntries : Number.NaN,
    count,
    zeros: m.data.length - count,
  };
}
