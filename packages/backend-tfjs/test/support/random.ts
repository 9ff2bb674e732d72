import { mulberry32, Tensor } from '@constant-attention/core';

/** The shared seeded generator (core's mulberry32), so failures reproduce. */
export const seededRandom = mulberry32;

function count(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Floats in [low, high), stored as float32 like any user feed. */
export function randomFloats(random: () => number, shape: readonly number[], low = -2, high = 2): Tensor {
  return Tensor.float32(
    Array.from({ length: count(shape) }, () => low + (high - low) * random()),
    shape,
  );
}

export function randomInts(
  random: () => number,
  shape: readonly number[],
  low: number,
  high: number,
): Tensor {
  return Tensor.int32(
    Array.from({ length: count(shape) }, () => low + Math.floor((high - low) * random())),
    shape,
  );
}

export function randomBools(random: () => number, shape: readonly number[]): Tensor {
  return new Tensor(
    'bool',
    shape,
    Uint8Array.from({ length: count(shape) }, () => (random() < 0.5 ? 1 : 0)),
  );
}

/** Sets some entries to -inf (log of zero), the value every log-space composite must handle exactly. */
export function withNegativeInfinity(t: Tensor, positions: readonly number[]): Tensor {
  const data = Float32Array.from(t.data);
  for (const p of positions) data[p] = Number.NEGATIVE_INFINITY;
  return new Tensor('float32', t.shape, data);
}
