import * as tf from '@tensorflow/tfjs-core';
import { exactBroadcast, isGpu, needsLowRank } from './gpu-rank.js';

/**
 * Workarounds for tfjs GPU kernels that break core's exact -inf semantics. Each was found by the browser
 * smoke run (test/browser) on Chromium's SwiftShader WebGL / WebGPU; they cost extra kernels, so they
 * apply only on the devices that need them.
 */

/**
 * log(0) must be exactly -inf (the log of an empty sum); SwiftShader's GPU log returns log(2^-127) =
 * -88.03 instead. (Small tensors still on the CPU bypass the GPU kernel, which is how this hides.)
 */
export function exactLog(x: tf.Tensor): tf.Tensor {
  const log = tf.log(x);
  if (!isGpu()) return log;
  return select(tf.equal(x, 0), tf.fill(log.shape, Number.NEGATIVE_INFINITY), log, log.shape);
}

/** tfjs-webgl seeds max reductions with -1e20, so a row that is entirely -inf reduces to -1e20. */
export function exactMax(x: tf.Tensor, axes: number[], keepDims: boolean): tf.Tensor {
  const max = tf.max(x, axes, keepDims);
  if (tf.getBackend() !== 'webgl' || x.dtype !== 'float32') return max;
  const empty = tf.all(tf.equal(x, Number.NEGATIVE_INFINITY), axes, keepDims);
  return select(empty, tf.fill(max.shape, Number.NEGATIVE_INFINITY), max, max.shape);
}

/** tfjs-webgpu's cumsum is wrong when exclusive and reverse are combined; reverse explicitly there. */
export function exactCumSum(x: tf.Tensor, axis: number, exclusive: boolean, reverse: boolean): tf.Tensor {
  if (!(reverse && tf.getBackend() === 'webgpu')) return tf.cumsum(x, axis, exclusive, reverse);
  return tf.reverse(tf.cumsum(tf.reverse(x, axis), axis, exclusive, false), axis);
}

/**
 * tf.where with every operand broadcast to `shape`. tfjs's where broadcasts its branches but wants the
 * condition already at the output shape, and its GPU select kernels stop at rank 4 ("Where for rank 5 is
 * not yet supported"); elementwise selection does not care about shape, so on the GPU a higher-rank
 * select runs on the operands broadcast (copied exactly, -inf and NaN included) and flattened to 1-D.
 */
export function select(cond: tf.Tensor, a: tf.Tensor, b: tf.Tensor, shape: readonly number[]): tf.Tensor {
  const target = [...shape];
  if (!needsLowRank(target.length))
    return tf.where(broadcast(cond, target), byOnes(a, target), byOnes(b, target));
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
