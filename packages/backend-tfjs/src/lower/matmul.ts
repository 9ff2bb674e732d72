import * as tf from '@tensorflow/tfjs-core';
import { exactBroadcast } from './gpu-rank.js';

/**
 * Smallest matrices (m*k*n, and n) that 'depthwise' runs faster than tfjs-wasm's batched kernel (a
 * naive loop at about 1 GFLOP/s; only 2-D products reach XNNPACK): below them XNNPACK's per-group setup
 * and the three transposes cost more than the loop saves (README).
 */
export const WASM_DEPTHWISE_MIN_WORK = 1 << 14;
export const WASM_DEPTHWISE_MIN_COLUMNS = 16;

export type MatMulStrategy = 'native' | 'flatten' | 'flatten-left' | 'depthwise';

function size(dims: readonly number[]): number {
  return dims.reduce((p, d) => p * d, 1);
}

/**
 * Which lowering runs a MatMul of these shapes fastest on a tfjs backend (the active one by default).
 * The rule table takes the choice for any backend but wasm; wasm's profile takes the wasm one.
 */
export function chooseMatMulStrategy(
  a: readonly number[],
  b: readonly number[],
  backend: string = tf.getBackend(),
): MatMulStrategy {
  if (a.length === 2 && b.length === 2) return 'native';
  const batchB = size(b.slice(0, -2));
  // b is one matrix: fold a's batch dims into its rows. One 2-D product, a pure reshape, good everywhere.
  if (batchB === 1) return 'flatten';
  if (backend !== 'wasm') return 'native';
  // a is one matrix: transposing b and the result around a single 2-D product wins at every size measured.
  if (size(a.slice(0, -2)) === 1) return 'flatten-left';
  const m = a[a.length - 2]!;
  const k = a[a.length - 1]!;
  const n = b[b.length - 1]!;
  if (m * k * n >= WASM_DEPTHWISE_MIN_WORK && n >= WASM_DEPTHWISE_MIN_COLUMNS) return 'depthwise';
  return 'native';
}

/** numpy-style matmul of a [..., m, k] and b [..., k, n] into `outShape` [..., m, n]. */
export function lowerMatMul(
  a: tf.Tensor,
  b: tf.Tensor,
  outShape: readonly number[],
  strategy: MatMulStrategy = chooseMatMulStrategy(a.shape, b.shape),
): tf.Tensor {
  const m = a.shape[a.rank - 2]!;
  const k = a.shape[a.rank - 1]!;
  const n = b.shape[b.rank - 1]!;
  switch (strategy) {
    case 'native': {
      // tfjs flattens batch dims and only broadcasts a batch of exactly one; broadcast anything else here.
      const batchShape = outShape.slice(0, -2);
      return tf.matMul(broadcastBatch(a, batchShape), broadcastBatch(b, batchShape));
    }
    case 'flatten': {
      const rows = tf.reshape(a, [size(a.shape) / k, k]);
      return tf.reshape(tf.matMul(rows, tf.reshape(b, [k, n])), [...outShape]);
    }
    case 'flatten-left': {
      // a is one matrix: out^T = b^T a^T, so fold b's batch dims into the rows of b^T. One 2-D product
      // between two transposes (memory-bound, cheap next to tfjs-wasm's batched kernel).
      const batch = size(b.shape.slice(0, -2));
      const bt = tf.transpose(tf.reshape(b, [batch, k, n]), [0, 2, 1]);
      const product = tf.matMul(tf.reshape(bt, [batch * n, k]), tf.transpose(tf.reshape(a, [m, k])));
      return tf.reshape(tf.transpose(tf.reshape(product, [batch, n, m]), [0, 2, 1]), [...outShape]);
    }
    case 'depthwise':
      return depthwiseMatMul(a, b, outShape, m, k, n);
  }
}

/**
 * A batch of products as one depthwise convolution, which tfjs-wasm runs on XNNPACK (its batched
 * MatMul kernel is a naive loop): batch entry t is channel t, a_t^T [k, m] is a k x m image of that
 * channel, and b_t [k, n] is its k x 1 filter with n outputs (the channel multiplier). A valid
 * convolution gives out[0, i, t * n + j] = sum_p a_t[i, p] b_t[p, j].
 */
function depthwiseMatMul(
  a: tf.Tensor,
  b: tf.Tensor,
  outShape: readonly number[],
  m: number,
  k: number,
  n: number,
): tf.Tensor {
  const batchShape = outShape.slice(0, -2);
  const batch = size(batchShape);
  const image = tf.transpose(fullBatch(a, batchShape, m, k), [2, 1, 0]);
  const filter = tf.transpose(fullBatch(b, batchShape, k, n), [1, 0, 2]);
  const product = tf.depthwiseConv2d(
    tf.reshape(image, [1, k, m, batch]) as tf.Tensor4D,
    tf.reshape(filter, [k, 1, batch, n]) as tf.Tensor4D,
    1,
    'valid',
  );
  return tf.reshape(tf.transpose(tf.reshape(product, [m, batch, n]), [1, 0, 2]), [...outShape]);
}

function broadcastBatch(x: tf.Tensor, batchShape: readonly number[]): tf.Tensor {
  const own = x.shape.slice(0, -2);
  if (size(own) === 1) return x;
  const padded = [...Array<number>(batchShape.length - own.length).fill(1), ...own];
  if (padded.every((d, i) => d === batchShape[i])) return x;
  return exactBroadcast(x, [...batchShape, ...x.shape.slice(-2)]);
}

/** x as [batch, rows, cols] with every batch entry present (broadcast where x has fewer). */
function fullBatch(x: tf.Tensor, batchShape: readonly number[], rows: number, cols: number): tf.Tensor {
  const batch = size(batchShape);
  const full = size(x.shape.slice(0, -2)) === batch ? x : exactBroadcast(x, [...batchShape, rows, cols]);
  return tf.reshape(full, [batch, rows, cols]);
}
