import type { Tensor } from '@constant-attention/core';
import { expect } from 'vitest';

export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

export const FLOAT32_TOLERANCE: Tolerance = { rtol: 2e-5, atol: 2e-6 };

/**
 * Same dtype and shape; integers and bools exactly; floats within atol + rtol * |expected|, with
 * infinities and NaN required at exactly the same places (that is the point of -inf handling).
 */
export function expectClose(actual: Tensor, expected: Tensor, what: string, tol = FLOAT32_TOLERANCE): void {
  expect(actual.dtype, `${what}: dtype`).toBe(expected.dtype);
  expect([...actual.shape], `${what}: shape`).toEqual([...expected.shape]);
  if (expected.dtype !== 'float32') {
    expect(Array.from(actual.data), `${what}: values`).toEqual(Array.from(expected.data));
    return;
  }
  expect(actual.data, `${what}: host float32 output`).toBeInstanceOf(Float32Array);
  for (let i = 0; i < expected.size; i++) {
    const a = actual.data[i]!;
    const e = expected.data[i]!;
    if (!Number.isFinite(e)) {
      expect(
        Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)),
        `${what}[${i}]: ${a} vs exact ${e}`,
      ).toBe(true);
      continue;
    }
    const bound = tol.atol + tol.rtol * Math.abs(e);
    if (!(Math.abs(a - e) <= bound)) {
      expect.fail(`${what}[${i}]: got ${a}, expected ${e} (|diff| ${Math.abs(a - e)} > ${bound})`);
    }
  }
}
