import * as tf from '@tensorflow/tfjs-core';
import { exactBroadcast } from './gpu-rank.js';

/**
 * tf.where with every operand at `shape`. tfjs's where broadcasts its branches but wants the condition
 * already at the output shape.
 */
export function select(cond: tf.Tensor, a: tf.Tensor, b: tf.Tensor, shape: readonly number[]): tf.Tensor {
  const target = [...shape];
  return tf.where(broadcast(cond, target), byOnes(a, target), byOnes(b, target));
}

/**
 * select for the GPU devices above rank 4, whose select kernels stop there ("Where for rank 5 is not yet
 * supported"): elementwise selection does not care about shape, so it runs on the operands broadcast
 * (copied exactly, -inf and NaN included) and flattened to 1-D.
 */
export function flatSelect(cond: tf.Tensor, a: tf.Tensor, b: tf.Tensor, shape: readonly number[]): tf.Tensor {
  const target = [...shape];
  // Bool tiling is not implemented on every GPU backend; go through int32 and compare back.
  const flatCond = tf.notEqual(tf.reshape(broadcast(tf.cast(cond, 'int32'), target), [-1]), 0);
  const flatA = tf.reshape(broadcast(a, target), [-1]);
  const flatB = tf.reshape(broadcast(b, target), [-1]);
  return tf.reshape(tf.where(flatCond, flatA, flatB), target);
}

const hasShape = (x: tf.Tensor, shape: readonly number[]) =>
  x.rank === shape.length && x.shape.every((d, i) => d === shape[i]);

function broadcast(x: tf.Tensor, shape: number[]): tf.Tensor {
  return hasShape(x, shape) ? x : exactBroadcast(x, shape);
}

/**
 * A branch of tf.where at the output shape, as x * ones: tf.where would broadcast it with Tile, which
 * tfjs-wasm runs one element at a time (68 ms to spread heinsen's scalar 0 over 512k key maxima at
 * n = 4096; 11% of the chunked form). A multiply by 1 is exact for every value, +-inf and NaN included.
 */
function byOnes(x: tf.Tensor, shape: number[]): tf.Tensor {
  return hasShape(x, shape) ? x : tf.mul(x, tf.ones(shape, x.dtype));
}
