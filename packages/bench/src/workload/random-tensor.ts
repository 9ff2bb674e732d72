import { mulberry32, Tensor } from '@constant-attention/core';

/** The shared seeded generator, under this module's historical name. */
export const seededRandom = mulberry32;

/** Uniform in [-scale, scale): bounded, so exp-based feature maps stay in range for every mechanism. */
export function randomTensor(shape: readonly number[], seed: number, scale = 1): Tensor {
  const next = seededRandom(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) data[i] = (next() * 2 - 1) * scale;
  return Tensor.float32(data, shape);
}
