/** erf by its Maclaurin series; for |x| < 3 the float64 sum is accurate to about 1e-13. */
export function erfSeries(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

export const geluExact = (x: number): number => 0.5 * x * (1 + erfSeries(x / Math.SQRT2));
export const geluTanh = (x: number): number =>
  0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));

/** Layer norm over the last axis of rows x [rows, d], population variance. */
export function layerNormRows(
  x: ArrayLike<number>,
  d: number,
  gamma: ArrayLike<number>,
  beta: ArrayLike<number>,
  eps: number,
): Float64Array {
  const out = new Float64Array(x.length);
  for (let r = 0; r < x.length / d; r++) {
    let mean = 0;
    for (let i = 0; i < d; i++) mean += x[r * d + i]! / d;
    let variance = 0;
    for (let i = 0; i < d; i++) variance += (x[r * d + i]! - mean) ** 2 / d;
    for (let i = 0; i < d; i++) {
      out[r * d + i] = ((x[r * d + i]! - mean) / Math.sqrt(variance + eps)) * gamma[i]! + beta[i]!;
    }
  }
  return out;
}
