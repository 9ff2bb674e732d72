import type { Tensor } from '@constant-attention/core';
import { type GoldenCase, type Precision, requireArray } from '../golden-case.js';

/** q, k, v from the case's named arrays, rounded to float32 when the backend computes in float32. */
export function readQkv(
  golden: GoldenCase,
  precision: Precision,
  paths: { readonly q: string; readonly k: string; readonly v: string },
): { q: Tensor; k: Tensor; v: Tensor } {
  const cast = (t: Tensor) => (precision === 'float32' ? t.toFloat32() : t);
  return {
    q: cast(requireArray(golden, paths.q)),
    k: cast(requireArray(golden, paths.k)),
    v: cast(requireArray(golden, paths.v)),
  };
}
