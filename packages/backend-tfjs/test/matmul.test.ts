import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { activateDevice, chooseMatMulStrategy, lowerMatMul, type MatMulStrategy } from '../src/index.js';
import { seededRandom } from './support/random.js';

/** numpy matmul written out as loops in float64: the oracle for every lowering strategy. */
function naiveMatMul(a: Float32Array, aShape: number[], b: Float32Array, bShape: number[]) {
  const m = aShape.at(-2)!;
  const k = aShape.at(-1)!;
  const n = bShape.at(-1)!;
  const batchA = aShape.slice(0, -2);
  const batchB = bShape.slice(0, -2);
  const rank = Math.max(batchA.length, batchB.length);
  const padA = [...Array(rank - batchA.length).fill(1), ...batchA];
  const padB = [...Array(rank - batchB.length).fill(1), ...batchB];
  const batch = padA.map((d, i) => Math.max(d, padB[i]!));
  const total = batch.reduce((p, d) => p * d, 1);
  const out = new Float64Array(total * m * n);
  for (let t = 0; t < total; t++) {
    let rem = t;
    let offA = 0;
    let offB = 0;
    let strideA = 1;
    let strideB = 1;
    for (let axis = rank - 1; axis >= 0; axis--) {
      const idx = rem % batch[axis]!;
      rem = Math.floor(rem / batch[axis]!);
      offA += (padA[axis] === 1 ? 0 : idx) * strideA;
      offB += (padB[axis] === 1 ? 0 : idx) * strideB;
      strideA *= padA[axis]!;
      strideB *= padB[axis]!;
    }
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[offA * m * k + i * k + p]! * b[offB * k * n + p * n + j]!;
        out[t * m * n + i * n + j] = s;
      }
  }
  return { shape: [...batch, m, n], data: out };
}

const SHAPES: [number[], number[], MatMulStrategy[]][] = [
  [
    [2, 3, 4, 5],
    [5, 6],
    ['native', 'flatten'],
  ],
  [
    [2, 3, 4, 5],
    [1, 1, 5, 6],
    ['native', 'flatten', 'depthwise'],
  ],
  [
    [4, 5],
    [2, 3, 5, 6],
    ['native', 'depthwise'],
  ],
  [
    [2, 1, 3, 4],
    [1, 2, 4, 3],
    ['native', 'depthwise'],
  ],
  [
    [3, 4, 5],
    [3, 5, 2],
    ['native', 'depthwise'],
  ],
  [
    [2, 3, 4, 5],
    [3, 5, 2],
    ['native', 'depthwise'],
  ],
  // Shapes the heinsen chunked form multiplies (rank 5-6, both operands batched), shrunk.
  [
    [1, 2, 3, 16, 8],
    [1, 2, 3, 8, 17],
    ['native', 'depthwise'],
  ],
  [
    [1, 2, 2, 3, 1, 8],
    [1, 2, 2, 3, 8, 1],
    ['native', 'depthwise'],
  ],
];

describe.each(['cpu', 'wasm'] as const)('MatMul lowering strategies on tfjs %s', (device) => {
  it.each(SHAPES)('%j x %j', async (aShape, bShape, strategies) => {
    await activateDevice(device);
    const random = seededRandom(aShape.length * 31 + bShape.length);
    const a = Float32Array.from({ length: aShape.reduce((p, d) => p * d, 1) }, () => random() * 2 - 1);
    const b = Float32Array.from({ length: bShape.reduce((p, d) => p * d, 1) }, () => random() * 2 - 1);
    const expected = naiveMatMul(a, aShape, b, bShape);
    for (const strategy of strategies) {
      const out = tf.tidy(() =>
        lowerMatMul(tf.tensor(a, aShape), tf.tensor(b, bShape), expected.shape, strategy),
      );
      expect(out.shape, strategy).toEqual(expected.shape);
      const got = await out.data();
      out.dispose();
      got.forEach((v, i) => expect(Math.abs(v - expected.data[i]!), `${strategy}[${i}]`).toBeLessThan(1e-5));
    }
  });
});

describe('MatMul strategy choice', () => {
  it('folds batch dims into rows when the right operand is a single matrix, on every device', () => {
    for (const backend of ['cpu', 'wasm', 'webgl', 'webgpu']) {
      expect(chooseMatMulStrategy([8, 64, 32], [32, 16], backend)).toBe('flatten');
      expect(chooseMatMulStrategy([2, 8, 64, 32], [1, 1, 32, 16], backend)).toBe('flatten');
    }
  });
  it('runs truly batched products as a depthwise convolution only on wasm, and only past tiny matrices', () => {
    expect(chooseMatMulStrategy([8, 256, 64], [8, 64, 256], 'wasm')).toBe('depthwise');
    expect(chooseMatMulStrategy([1, 8, 64, 64, 64], [1, 8, 64, 64, 65], 'wasm')).toBe('depthwise');
    expect(chooseMatMulStrategy([8, 256, 64], [8, 64, 256], 'cpu')).toBe('native');
    expect(chooseMatMulStrategy([1, 8, 64, 64, 64], [1, 8, 64, 64, 1], 'wasm')).toBe('native');
    expect(chooseMatMulStrategy([2048, 8, 64], [2048, 64, 8], 'wasm')).toBe('native');
    expect(chooseMatMulStrategy([3, 4], [4, 5], 'wasm')).toBe('native');
  });
  it('on wasm, turns an unbatched left operand into one 2-D product between transposes', () => {
    expect(chooseMatMulStrategy([32, 32], [64, 32, 32], 'wasm')).toBe('flatten-left');
    expect(chooseMatMulStrategy([1, 1, 32, 32], [2, 8, 32, 32], 'wasm')).toBe('flatten-left');
    expect(chooseMatMulStrategy([32, 32], [64, 32, 32], 'cpu')).toBe('native');
  });
});
