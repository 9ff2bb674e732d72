import fc from 'fast-check';
import { expect } from 'vitest';
import { Tensor } from '../../src/index.js';
import type { AttentionDims } from '../support/attention-dims.js';
import { integerFields } from '../support/integer-fields.js';
import { mulberry32 } from '../support/mulberry32.js';

export function randomTensor(rng: () => number, shape: readonly number[], scale = 1): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return Tensor.float64(
    Array.from({ length: size }, () => (2 * rng() - 1) * scale),
    shape,
  );
}

export type Dims = AttentionDims;

export const dimsArb: fc.Arbitrary<Dims> = fc.record(
  integerFields({
    batch: [1, 2],
    heads: [1, 2],
    n: [1, 11],
    dk: [1, 4],
    dv: [1, 4],
    chunkSize: [1, 5],
    seed: [0, 2 ** 31 - 1],
  }),
);

export interface RandomInputs {
  readonly q: Tensor;
  readonly k: Tensor;
  readonly v: Tensor;
  readonly gate: Tensor;
}

export function randomInputs(d: Dims, qkScale = 1.5): RandomInputs {
  const rng = mulberry32(d.seed);
  return {
    q: randomTensor(rng, [d.batch, d.heads, d.n, d.dk], qkScale),
    k: randomTensor(rng, [d.batch, d.heads, d.n, d.dk], qkScale),
    v: randomTensor(rng, [d.batch, d.heads, d.n, d.dv]),
    gate: randomTensor(rng, [d.batch, d.heads, d.n, 1], 3),
  };
}

/** Concatenates [b, h, *, d] tensors along the sequence axis. */
export function concatSeq(parts: readonly Tensor[]): Tensor {
  const [b, h, , d] = parts[0]!.shape as [number, number, number, number];
  const n = parts.reduce((s, p) => s + p.shape[2]!, 0);
  const out = new Float64Array(b * h * n * d);
  let offset = 0;
  for (const p of parts) {
    const m = p.shape[2]!;
    for (let bh = 0; bh < b * h; bh++) {
      for (let i = 0; i < m; i++) {
        for (let x = 0; x < d; x++) out[(bh * n + offset + i) * d + x] = p.data[(bh * m + i) * d + x]!;
      }
    }
    offset += m;
  }
  return Tensor.float64(out, [b, h, n, d]);
}

/** |actual - expected| <= rel * max(1, |expected|) everywhere, and no NaN or infinity. */
export function expectClose(
  actual: Tensor,
  expected: ArrayLike<number>,
  shape: readonly number[],
  rel: number,
  label: string,
): void {
  expect(actual.shape, `${label}: shape`).toEqual(shape);
  expect(actual.data.length, `${label}: size`).toBe(expected.length);
  let worst = 0;
  let worstAt = -1;
  for (let i = 0; i < expected.length; i++) {
    const a = actual.data[i]!;
    const e = expected[i]!;
    if (!Number.isFinite(a)) throw new Error(`${label}: non-finite ${a} at ${i} (expected ${e})`);
    const err = Math.abs(a - e) / Math.max(1, Math.abs(e));
    if (err > worst) {
      worst = err;
      worstAt = i;
    }
  }
  if (worst > rel) {
    throw new Error(
      `${label}: relative error ${worst} > ${rel} at ${worstAt}: ${actual.data[worstAt]} vs ${expected[worstAt]}`,
    );
  }
}

export type NaiveNormalizer = 'none' | 'count' | { readonly eps: number };

export interface NaiveKernelResult {
  readonly out: Float64Array;
  /** sum_j f(k_j) g_j v_j^T, [b, h, dk, dv]. */
  readonly S: Float64Array;
  /** sum_j f(k_j), [b, h, dk]. */
  readonly Z: Float64Array;
}

/**
 * Kernelized attention written out with loops in float64, straight from the papers' formulas:
 * out_i = sum_{j in scope(i)} (f(q_i).f(k_j)) g_j v_j / normalizer_i.
 */
export function naiveKernelAttention(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  options: {
    readonly causal: boolean;
    readonly feature: (x: number) => number;
    readonly normalizer: NaiveNormalizer;
    readonly gate?: Tensor;
  },
): NaiveKernelResult {
  const [B, H, nq, dk] = q.shape as [number, number, number, number];
  const nk = k.shape[2]!;
  const dv = v.shape[3]!;
  const f = options.feature;
  const out = new Float64Array(B * H * nq * dv);
  const S = new Float64Array(B * H * dk * dv);
  const Z = new Float64Array(B * H * dk);
  const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
  for (let bh = 0; bh < B * H; bh++) {
    const g = (j: number) => (options.gate ? sigmoid(options.gate.data[bh * nk + j]!) : 1);
    for (let i = 0; i < nq; i++) {
      const last = options.causal ? i : nk - 1;
      let den = 0;
      const num = new Float64Array(dv);
      for (let j = 0; j <= last; j++) {
        let w = 0;
        for (let x = 0; x < dk; x++)
          w += f(q.data[(bh * nq + i) * dk + x]!) * f(k.data[(bh * nk + j) * dk + x]!);
        den += w;
        for (let y = 0; y < dv; y++) num[y]! += w * g(j) * v.data[(bh * nk + j) * dv + y]!;
      }
      const divisor =
        options.normalizer === 'none'
          ? 1
          : options.normalizer === 'count'
            ? last + 1
            : den + options.normalizer.eps;
      for (let y = 0; y < dv; y++) out[(bh * nq + i) * dv + y] = num[y]! / divisor;
    }
    for (let j = 0; j < nk; j++) {
      for (let x = 0; x < dk; x++) {
        const fk = f(k.data[(bh * nk + j) * dk + x]!);
        Z[bh * dk + x]! += fk;
        for (let y = 0; y < dv; y++)
          S[(bh * dk + x) * dv + y]! += fk * g(j) * v.data[(bh * nk + j) * dv + y]!;
      }
    }
  }
  return { out, S, Z };
}

export const identity = (x: number): number => x;
export const eluPlusOne = (x: number): number => (x > 0 ? x + 1 : Math.exp(x));
