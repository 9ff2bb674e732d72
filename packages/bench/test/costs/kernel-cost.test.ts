import { type FormName, getMechanism } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { kernelCost, matmulCost, stateElements } from '../../src/costs/kernel-cost.js';
import type { KernelShape } from '../../src/costs/kernel-shape.js';
import { usefulCausalChunkedFlopsPerHead } from '../../src/costs/useful-causal-flops.js';

/** The count each mechanism's cost.ts states. */
function flopsPerHead(mechanism: string, form: FormName, s: KernelShape): number {
  return getMechanism(mechanism).cost.flopsPerHead!(form, s);
}

const shape = (n: number, dk: number, dv: number, chunkSize = 2): KernelShape => ({
  batch: 1,
  heads: 1,
  n,
  dk,
  dv,
  chunkSize,
});

// Every expected number below is counted by hand on the algorithm, term by term, not by the formula.
describe('FLOP formulas, hand-counted small cases', () => {
  it('softmax parallel, n = 2, dk = dv = 1: 4 scores', () => {
    // 4 dots of length 1 (2 each) = 8; softmax 5 per score = 20; P V: 4 products of length 1 = 8
    expect(flopsPerHead('softmax', 'parallel', shape(2, 1, 1))).toBe(36);
  });

  it('softmax step at context t = 3, dk = 1, dv = 2: 4 keys after the append', () => {
    // q.k for 4 keys: 8; softmax on 4 scores: 20; sum_j p_j v_j over 4 keys x 2 columns: 16
    expect(flopsPerHead('softmax', 'recurrent', shape(3, 1, 2))).toBe(44);
  });

  it('softmax chunked, n = 3 padded to 4 with C = 2: every chunk pair computed', () => {
    // (2 chunks)^2 pairs x 4 scores = 16 scores; each 2 (QK) + 5 (softmax) + 2 (PV) = 9
    expect(flopsPerHead('softmax', 'chunked', shape(3, 1, 1))).toBe(144);
  });

  it('linear step, dk = 2, dv = 3 (no normalizer)', () => {
    // S += k^T v: 6 products + 6 adds = 12; q S: 3 outputs x 2 multiply-adds = 12
    expect(flopsPerHead('linear', 'recurrent', shape(1, 2, 3))).toBe(24);
  });

  it('linear-elu and lln step add the normalizer: z += f(k), f(q).z', () => {
    // 24 as above; z += f(k): 2 adds; f(q).z: 2 multiply-adds = 4
    expect(flopsPerHead('linear-elu', 'recurrent', shape(1, 2, 3))).toBe(30);
    expect(flopsPerHead('lln', 'recurrent', shape(1, 2, 3))).toBe(30);
  });

  it('linear chunked, n = 4, C = 2, dk = dv = 1', () => {
    // per chunk: A = 4 dots (8), A V = 4 products (8), q S = 2 x 2 (4), S += k^T v = 2 x 2 (4) = 24; 2 chunks
    expect(flopsPerHead('linear', 'chunked', shape(4, 1, 1))).toBe(48);
  });

  it('linear-elu chunked, n = 4, C = 2, dk = dv = 1, with normalizer', () => {
    // 48 as above; row sums of the 2x2 intra block, 4 per chunk (8); per token z += k (1), q.z (2): 12
    expect(flopsPerHead('linear-elu', 'chunked', shape(4, 1, 1))).toBe(68);
  });

  it('linear parallel, n = 3, dk = 2, dv = 1: full 3x3 square', () => {
    // A: 9 dots of length 2 = 36; A V: 9 products = 18
    expect(flopsPerHead('linear', 'parallel', shape(3, 2, 1))).toBe(54);
    // plus 9 row-sum adds for the normalized kernels
    expect(flopsPerHead('lln', 'parallel', shape(3, 2, 1))).toBe(63);
  });

  it('heinsen step, dk = 1, dv = 1: a 1 x 2 state rescaled, updated and read', () => {
    // rescale (1 x 2), token outer product (2), add (2): 6; GEMV read 2 x 2 = 4
    expect(flopsPerHead('heinsen', 'recurrent', shape(1, 1, 1))).toBe(10);
  });

  it('heinsen chunked counts the causal half of each power-of-two block plus the prefix terms', () => {
    // n = 6, C = 3 -> 2 chunks padded to P = 4: 10 weights x (2 + 2 + 1) = 50; per chunk
    // 2 (C + P + G) dk (dv + 1) with G = min(2 + 1, 64) = 3: 2 x 10 x 2 = 40; 2 x 90 = 180
    expect(flopsPerHead('heinsen', 'chunked', { ...shape(6, 1, 1), chunkSize: 3 })).toBe(180);
  });

  it('heinsen chunked from P = 64 makes each segment square, reads earlier segments and scans per group', () => {
    // n = 8192, C = 64, dk = dv = 1: 128 chunks, 32 per group of 2048 -> G = 33;
    // 2 segments of 32: weights 2 x 32^2 = 2048, x 5 = 10240; 2 (K 64 + P 64 + G 33) x 2 = 644
    expect(flopsPerHead('heinsen', 'chunked', { ...shape(8192, 1, 1), chunkSize: 64 })).toBe(
      128 * (10240 + 644),
    );
    // C = 256: 32 chunks, 8 per group -> G = 9; 4 segments of 64: 4 x 64^2 = 16384 weights,
    // x 5 = 81920; 2 (256 + 256 + 9) x 2 = 2084
    expect(flopsPerHead('heinsen', 'chunked', { ...shape(8192, 1, 1), chunkSize: 256 })).toBe(
      32 * (81920 + 2084),
    );
  });

  it('useful causal chunked FLOPs: the causal half of each chunk plus the state read and update', () => {
    // n = 6, C = 3, dk = dv = 1: 2 chunks x (6 pairs x 5 + 4 x 3 x 2) = 2 x 54
    expect(usefulCausalChunkedFlopsPerHead({ ...shape(6, 1, 1), chunkSize: 3 })).toBe(108);
  });

  it('heinsen parallel is one chunk of the whole sequence', () => {
    // n = 2, dk = dv = 1: P = 2, 3 weights x 5 = 15; 2 (2 + 2 + 2) x 2 = 24
    expect(flopsPerHead('heinsen', 'parallel', shape(2, 1, 1))).toBe(39);
  });

  it('lln-diag step adds softmax over the d_k-token block', () => {
    // dk = dv = 2: lln step 4*2*2 + 3*2 = 22; block of 2 slots: q.k 2 x 4 = 8, softmax 2 x 5 = 10,
    // P V 2 slots x 2 columns x 2 = 8 -> 26
    expect(flopsPerHead('lln-diag', 'recurrent', shape(5, 2, 2))).toBe(48);
  });

  it('a mechanism whose cost.ts states no FLOP count gets none, and the error names it', () => {
    const { flopsPerHead: _, ...stated } = getMechanism('linear').cost;
    const flash = { ...getMechanism('linear'), name: 'flash', cost: stated };
    expect(() => kernelCost(flash, 'recurrent', shape(1, 1, 1))).toThrow(/'flash' states no FLOP count/);
  });
});

describe('bytes and state sizes', () => {
  it('stateElements reads the mechanism state specs, binding the KV cache length', () => {
    // softmax: key and value caches of t rows each, dk = dv = 1
    expect(stateElements(getMechanism('softmax'), shape(3, 1, 1), 3)).toBe(6);
    // linear: S [dk, dv] only
    expect(stateElements(getMechanism('linear'), shape(3, 2, 3), 3)).toBe(6);
    // heinsen: keyMax [dk] + sums [dk, dv + 1]
    expect(stateElements(getMechanism('heinsen'), shape(3, 2, 3), 3)).toBe(2 + 8);
  });

  it('a softmax step reads the t-row cache and writes t + 1 rows', () => {
    // io: q, k, v in (3 floats) + out (1) = 4 floats = 16 B; state: 6 in + 8 out = 14 floats = 56 B
    expect(kernelCost(getMechanism('softmax'), 'recurrent', shape(3, 1, 1))).toEqual({
      flops: 36,
      bytes: 72,
    });
  });

  it('a chunked form also writes its final state; batch and heads multiply everything', () => {
    const s = { ...shape(4, 1, 1), batch: 2, heads: 3 };
    // 6 heads x 48 FLOPs; io 6 x 4 tokens x 4 floats x 4 B = 384; state S: 6 floats = 24 B
    expect(kernelCost(getMechanism('linear'), 'chunked', s)).toEqual({ flops: 288, bytes: 408 });
  });

  it('matmulCost counts 2 m n k and each operand once', () => {
    // [2, 3] x [3, 4]: 8 outputs x 3 multiply-adds; 6 + 12 + 8 floats
    expect(matmulCost(2, 3, 4)).toEqual({ flops: 48, bytes: 104 });
  });
});
