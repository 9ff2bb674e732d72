import fc from 'fast-check';
import { Tensor } from '../../src/index.js';
import type { AttentionDims } from '../support/attention-dims.js';
import { integerFields } from '../support/integer-fields.js';
import { mulberry32 } from '../support/mulberry32.js';

/** Approximately N(0, scale^2) by Box-Muller, like the reference's randn inputs. */
export function gaussianTensor(rng: () => number, shape: readonly number[], scale = 1): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    data[i] = scale * Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  }
  return Tensor.float64(data, shape);
}

export interface Dims extends AttentionDims {
  readonly qkScale: number;
}

export const dimsArb: fc.Arbitrary<Dims> = fc.record({
  ...integerFields({
    batch: [1, 2],
    heads: [1, 2],
    n: [1, 11],
    dk: [1, 4],
    dv: [1, 3],
    chunkSize: [1, 5],
    seed: [0, 2 ** 31 - 1],
  }),
  qkScale: fc.constantFrom(0.5, 1, 3),
});

export function randomInputs(d: Dims): { q: Tensor; k: Tensor; v: Tensor } {
  const rng = mulberry32(d.seed);
  return {
    q: gaussianTensor(rng, [d.batch, d.heads, d.n, d.dk], d.qkScale),
    k: gaussianTensor(rng, [d.batch, d.heads, d.n, d.dk], d.qkScale),
    v: gaussianTensor(rng, [d.batch, d.heads, d.n, d.dv]),
  };
}

/** Fails with the worst index when |a - e| > rel * max(1, |e|) anywhere, or on NaN/Inf. */
export function expectAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rel: number,
  label: string,
): void {
  if (actual.length !== expected.length) {
    throw new Error(`${label}: length ${actual.length} != expected ${expected.length}`);
  }
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!Number.isFinite(a) || Math.abs(a - e) > rel * Math.max(1, Math.abs(e))) {
      throw new Error(`${label}: index ${i}: got ${a}, expected ${e} (rel tol ${rel})`);
    }
  }
}
