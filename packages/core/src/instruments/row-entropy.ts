import { checkNonNegative, type HostMatrix } from './host-matrix.js';

/**
 * Shannon entropy -sum_j P_ij log P_ij of each row, in nats, with 0 log 0 = 0. A uniform row over n
 * keys gives log n, a one-hot row 0. Rows are used as given (LLN rows sum to slightly below 1
 * because of eps).
 */
export function rowEntropy(m: HostMatrix): Float64Array {
  checkNonNegative('rowEntropy', m);
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let h = 0;
    for (let j = 0; j < m.cols; j++) {
      const p = m.data[i * m.cols + j]!;
      if (p > 0) h -= p * Math.log(p);
    }
    out[i] = h;
  }
  return out;
}

export function meanRowEntropy(m: HostMatrix): number {
  const h = rowEntropy(m);
  return h.reduce((a, b) => a + b, 0) / h.length;
}
