import * as tf from '@tensorflow/tfjs-core';

/**
 * Workarounds for tfjs GPU kernels that break core's exact -inf semantics. Each was found by the browser
 * smoke run (test/browser) on Chromium's SwiftShader WebGL / WebGPU; they cost extra kernels, so they
 * apply only on the devices that need them.
 */
function isGpu(): boolean {
  const backend = tf.getBackend();
  return backend === 'webgl' || backend === 'webgpu';
}

/**
 * log(0) must be exactly -inf (the log of an empty sum); SwiftShader's GPU log returns log(2^-127) =
 * -88.03 instead. (Small tensors still on the CPU bypass the GPU kernel, which is how this hides.)
 */
export function exactLog(x: tf.Tensor): tf.Tensor {
  const log = tf.log(x);
  if (!isGpu()) return log;
  return tf.where(tf.equal(x, 0), tf.fill(log.shape, Number.NEGATIVE_INFINITY), log);
}

/** tfjs-webgl seeds max reductions with -1e20, so a row that is entirely -inf reduces to -1e20. */
export function exactMax(x: tf.Tensor, axes: number[], keepDims: boolean): tf.Tensor {
  const max = tf.max(x, axes, keepDims);
  if (tf.getBackend() !== 'webgl' || x.dtype !== 'float32') return max;
  const empty = tf.all(tf.equal(x, Number.NEGATIVE_INFINITY), axes, keepDims);
  return tf.where(empty, tf.fill(max.shape, Number.NEGATIVE_INFINITY), max);
}

/** tfjs-webgpu's cumsum is wrong when exclusive and reverse are combined; reverse explicitly there. */
export function exactCumSum(x: tf.Tensor, axis: number, exclusive: boolean, reverse: boolean): tf.Tensor {
  if (!(reverse && tf.getBackend() === 'webgpu')) return tf.cumsum(x, axis, exclusive, reverse);
  return tf.reverse(tf.cumsum(tf.reverse(x, axis), axis, exclusive, false), axis);
}
