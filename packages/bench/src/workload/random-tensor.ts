import { Tensor } from '@constant-attention/core';

/** mulberry32: a small seeded PRNG, so every run feeds the same values. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform in [-scale, scale): bounded, so exp-based feature maps stay in range for every mechanism. */
export function randomTensor(shape: readonly number[], seed: number, scale = 1): Tensor {
  const next = seededRandom(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) data[i] = (next() * 2 - 1) * scale;
  return Tensor.float32(data, shape);
}
