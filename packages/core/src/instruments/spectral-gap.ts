import { eigenvalues } from './eigenvalues.js';
import type { HostMatrix } from './host-matrix.js';

export interface SpectralGap {
  /** 1 - |lambda_2|: 0 for a permutation or a reducible chain, 1 when every row is the same. */
  readonly gap: number;
  /** |lambda_1|, which is 1 for a row-stochastic matrix (slightly less for LLN's eps-damped rows). */
  readonly lambda1: number;
  /** The second-largest eigenvalue modulus. */
  readonly lambda2: number;
}

/**
 * Spectral gap of a (row-stochastic) attention matrix from all its eigenvalues, so it is right for
 * non-symmetric matrices and complex pairs, where power iteration may not converge. A 1x1 matrix has
 * no second eigenvalue; its gap is taken as 1.
 */
export function spectralGap(m: HostMatrix): SpectralGap {
  const moduli = eigenvalues(m).map((e) => Math.hypot(e.re, e.im));
  const lambda2 = moduli[1] ?? 0;
  return { gap: 1 - lambda2, lambda1: moduli[0]!, lambda2 };
}
