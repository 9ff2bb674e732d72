import { Tensor } from '@constant-attention/core';
import type { SafetensorsContents } from './safetensors-contents.js';

/**
 * One float32 Tensor per entry. F32, F16 and BF16 data are already exact float32 and are shared, not
 * copied; F64 and integer data are rounded to the nearest float32 (integers beyond 2^24 lose low bits).
 */
export function safetensorsToFloat32(contents: SafetensorsContents): Record<string, Tensor> {
  const entries = [...contents.tensors].map(([name, { shape, data }]) => {
    const values = data instanceof Float32Array ? data : Float32Array.from(data);
    return [name, new Tensor('float32', shape, values)] as const;
  });
  // fromEntries defines own properties, so a tensor named "__proto__" stays a plain entry.
  return Object.fromEntries(entries);
}
