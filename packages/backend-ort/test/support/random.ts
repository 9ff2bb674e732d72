import { mulberry32, Tensor } from '@constant-attention/core';

/** The shared seeded generator, under this module's historical name. */
export const seededRandom = mulberry32;

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
