import type { GoldenCase, Precision, Tolerance } from '../golden-case.js';

/**
 * Tolerances of shared/golden/heinsen and heinsen-signed (their READMEs): float32 gets 1e-4, or 1e-3 for
 * a large-magnitude case, whose scores reach ~77 and so lose more to float32 rounding.
 */
export function heinsenTolerance(golden: GoldenCase, precision: Precision): Tolerance {
  if (precision === 'float64') return { rel: 1e-9 };
  return { rel: golden.name.includes('large_magnitude') ? 1e-3 : 1e-4 };
}
