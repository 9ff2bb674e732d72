import type { Tensor } from '@constant-attention/core';
import { expect } from 'vitest';

export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

export const FLOAT32: Tolerance = { rtol: 2e-5, atol: 2e-6 };

/**
 * Elementwise comparison with the float64 oracle: same dtype and shape, NaN where it has NaN,
 * infinities exactly, finite values within atol + rtol*|expected|.
 */
export function expectClose(actual: Tensor, expected: Tensor, tol: Tolerance = FLOAT32, label = ''): void {
  expect(actual.dtype, `${label} dtype`).toBe(expected.dtype);
  expect([...actual.shape], `${label} shape`).toEqual([...expected.shape]);
  for (let i = 0; i < expected.size; i++) {
    const a = actual.data[i]!;
    const e = expected.data[i]!;
    if (Number.isNaN(e) || !Number.isFinite(e)) {
      if (!Object.is(a, e)) expect.fail(`${label}[${i}]: expected ${e}, got ${a}`);
    } else if (!(Math.abs(a - e) <= tol.atol + tol.rtol * Math.abs(e))) {
      expect.fail(`${label}[${i}]: expected ${e}, got ${a} (|diff| ${Math.abs(a - e)})`);
    }
  }
}
