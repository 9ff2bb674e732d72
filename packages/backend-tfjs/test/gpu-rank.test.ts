import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  lowRankConcat,
  lowRankCumSum,
  lowRankGather,
  lowRankPad,
  lowRankReduce,
  lowRankSlice,
  lowRankTranspose,
} from '../src/lower/gpu-rank.js';

// The GPU-only rank-3 rewrites, run on tfjs-cpu and compared with tfjs-cpu's own rank-6 kernels.
const shape = [2, 3, 2, 1, 3, 2];
const values = Float32Array.from({ length: 72 }, (_, i) => (i % 7 === 0 ? Number.NEGATIVE_INFINITY : i - 30));

function same(actual: tf.Tensor, expected: tf.Tensor): void {
  expect(actual.shape).toEqual(expected.shape);
  expect(Array.from(actual.dataSync())).toEqual(Array.from(expected.dataSync()));
}

describe('rank-3 rewrites of rank-6 data movement', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('transpose, slice, pad, concat and gather move every element exactly', () => {
    tf.tidy(() => {
      const x = tf.tensor(values, shape);
      for (const perm of [
        [5, 4, 3, 2, 1, 0],
        [1, 0, 2, 3, 5, 4],
        [2, 5, 0, 4, 1, 3],
      ]) {
        same(lowRankTranspose(x, perm), tf.transpose(x, perm));
      }
      same(
        lowRankSlice(x, [0, 1, 0, 0, 1, 1], [2, 2, 2, 1, 2, 1]),
        tf.slice(x, [0, 1, 0, 0, 1, 1], [2, 2, 2, 1, 2, 1]),
      );
      const pads: [number, number][] = [
        [0, 1],
        [0, 0],
        [2, 0],
        [0, 0],
        [1, 1],
        [0, 0],
      ];
      same(lowRankPad(x, pads, Number.NEGATIVE_INFINITY), tf.pad(x, pads, Number.NEGATIVE_INFINITY));
      same(lowRankConcat([x, x], 4, [2, 3, 2, 1, 6, 2]), tf.concat([x, x], 4));
      const idx = tf.tensor(
        [
          [2, 0],
          [1, 1],
        ],
        [2, 2],
        'int32',
      );
      same(lowRankGather(x, idx, 4, [2, 3, 2, 1, 2, 2, 2]), tf.gather(x, idx, 4));
    });
  });

  it('reductions and scans over inner axes match the native kernels', () => {
    tf.tidy(() => {
      const finite = tf.tensor(
        values.map((v) => (Number.isFinite(v) ? v : 5)),
        shape,
      );
      same(
        lowRankReduce(finite, [1, 4], [2, 2, 1, 2], (m, axis) => tf.sum(m, axis)),
        tf.sum(finite, [1, 4]),
      );
      same(
        lowRankCumSum(finite, 2, (m, axis) => tf.cumsum(m, axis, true, true)),
        tf.cumsum(finite, 2, true, true),
      );
    });
  });
});
