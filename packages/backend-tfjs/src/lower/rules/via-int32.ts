import * as tf from '@tensorflow/tfjs-core';

/** Runs an op that some tfjs kernels lack for bool by going through int32. */
export function viaInt32IfBool(x: tf.Tensor, op: (x: tf.Tensor) => tf.Tensor): tf.Tensor {
  if (x.dtype !== 'bool') return op(x);
  return tf.cast(op(tf.cast(x, 'int32')), 'bool');
}

/** A negative axis counted from the end. */
export const positiveAxis = (axis: number, rank: number): number => (axis < 0 ? axis + rank : axis);
