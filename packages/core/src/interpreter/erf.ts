/**
 * erf to float64 accuracy. Below |x| = 2.5 it sums erf(x) = 2/sqrt(pi) e^{-x^2} sum_n 2^n x^{2n+1} / (1*3*...*(2n+1)),
 * whose terms are all positive (no cancellation). Above, that sum is large and its rounding errors
 * would push |erf| past 1, so it uses 1 - erfc(x) with erfc from its continued fraction, which is
 * tiny there. Beyond |x| = 6, 1 - erf < 1e-17.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const ax = Math.abs(x);
  if (ax >= 6) return Math.sign(x);
  const value = ax < 2.5 ? erfSeries(ax) : 1 - erfcContinuedFraction(ax);
  return x < 0 ? -value : value;
}

function erfSeries(ax: number): number {
  const x2 = ax * ax;
  let term = ax;
  let sum = ax;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x2) * sum;
}

/** erfc(x) = e^{-x^2}/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated bottom-up. */
function erfcContinuedFraction(ax: number): number {
  let f = ax;
  for (let k = 120; k >= 1; k--) f = ax + k / 2 / f;
  return Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
}
