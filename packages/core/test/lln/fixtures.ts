import fc from 'fast-check';
import { Tensor } from '../../src/index.js';

/** Deterministic uniform [0, 1) generator, so fast-check only shrinks shapes and a seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Approximately N(0, scale^2) by Box-Muller, like the reference's randn inputs. */
export function gaussianTensor(rng: () => number, shape: readonly number[], scale = 1): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    data[i] = scale * Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  }
  return Tensor.float64(data, shape);
}

export interface Dims {
  readonly batch: number;
  readonly heads: number;
  readonly n: number;
  readonly dk: number;
  readonly dv: number;
  readonly chunkSize: number;
  readonly seed: number;
  readonly qkScale: number;
}

export const dimsArb: fc.Arbitrary<Dims> = fc.record({
  batch: fc.integer({ min: 1, max: 2 }),
  heads: fc.integer({ min: 1, max: 2 }),
  n: fc.integer({ min: 1, max: 11 }),
  dk: fc.integer({ min: 1, max: 4 }),
  dv: fc.integer({ min: 1, max: 3 }),
  chunkSize: fc.integer({ min: 1, max: 5 }),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
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

/** Tokens [start, end) of a [b, h, n, d] tensor. */
export function sliceSeq(t: Tensor, start: number, end: number): Tensor {
  const [b, h, n, d] = t.shape as [number, number, number, number];
  const len = end - start;
  const out = new Float64Array(b * h * len * d);
  for (let bh = 0; bh < b * h; bh++) {
    for (let i = start; i < end; i++) {
      for (let x = 0; x < d; x++) out[(bh * len + i - start) * d + x] = t.data[(bh * n + i) * d + x]!;
    }
  }
  return Tensor.float64(out, [b, h, len, d]);
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
