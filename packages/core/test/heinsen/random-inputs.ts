import fc from 'fast-check';
import { Tensor } from '../../src/index.js';
import type { AttentionDims } from '../support/attention-dims.js';
import { integerFields } from '../support/integer-fields.js';
import { mulberry32 } from '../support/mulberry32.js';

export function uniformTensor(random: () => number, shape: number[], lo: number, hi: number): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return Tensor.float64(
    Float64Array.from({ length: size }, () => lo + (hi - lo) * random()),
    shape,
  );
}

export interface CaseDims extends AttentionDims {
  /** A chunk size that does not divide n when n > 1, so the short tail chunk is always exercised. */
  readonly chunkSize: number;
  /** Prefix length for prefix + continuation, 1 <= split < n when n > 1. */
  readonly split: number;
}

export const caseDimsArb: fc.Arbitrary<CaseDims> = fc
  .record({
    ...integerFields({ batch: [1, 2], heads: [1, 2], n: [2, 11], dk: [1, 4], dv: [1, 3], chunk: [2, 6] }),
    split: fc.nat(),
    seed: fc.nat(),
  })
  .map(({ chunk, split, ...d }) => {
    let chunkSize = Math.min(chunk, d.n);
    while (chunkSize > 1 && d.n % chunkSize === 0) chunkSize -= 1;
    if (chunkSize === 1 && d.n > 2) chunkSize = d.n - 1;
    return { ...d, chunkSize, split: 1 + (split % (d.n - 1)) };
  });

export function randomInputs(d: CaseDims, qkRange: number, vRange: number) {
  const random = mulberry32(d.seed);
  const bh = [d.batch, d.heads];
  return {
    q: uniformTensor(random, [...bh, d.n, d.dk], -qkRange, qkRange),
    k: uniformTensor(random, [...bh, d.n, d.dk], -qkRange, qkRange),
    v: uniformTensor(random, [...bh, d.n, d.dv], -vRange, vRange),
  };
}

/** randomInputs for one batch row and one head, with no prefix split. */
export function singleHeadInputs(
  d: {
    readonly n: number;
    readonly dk: number;
    readonly dv: number;
    readonly seed: number;
    readonly chunkSize: number;
  },
  qkRange: number,
  vRange: number,
) {
  return randomInputs({ batch: 1, heads: 1, split: 1, ...d }, qkRange, vRange);
}
