import { Tensor } from '@constant-attention/core';

/** mulberry32: a small seeded generator so every run sees the same "random" inputs. */
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

export interface FloatOptions {
  readonly scale?: number;
  readonly offset?: number;
  /** Fraction of entries set to -inf. */
  readonly negInf?: number;
}

/** float32 values (rounded to float32, held in Float64Array like the oracle wants). */
export function randomFloat(
  rand: () => number,
  shape: readonly number[],
  options: FloatOptions = {},
): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    data[i] =
      rand() < (options.negInf ?? 0)
        ? Number.NEGATIVE_INFINITY
        : Math.fround((rand() * 2 - 1) * (options.scale ?? 2) + (options.offset ?? 0));
  }
  return Tensor.float64(data, shape);
}

export function randomInt(rand: () => number, shape: readonly number[], low: number, high: number): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return Tensor.int32(
    Array.from({ length: size }, () => low + Math.floor(rand() * (high - low + 1))),
    shape,
  );
}

export function randomBool(rand: () => number, shape: readonly number[]): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return new Tensor(
    'bool',
    shape,
    Uint8Array.from({ length: size }, () => (rand() < 0.5 ? 1 : 0)),
  );
}
