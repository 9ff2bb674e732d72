import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';

/** tf.scatterND sums the updates of repeated indices (TensorFlow's scatter_nd), as core's ScatterAdd does. */
export const scatterAdd: LoweringRule<'ScatterAdd'> = (ctx) => {
  const [data, indices, updates] = ctx.inputs as [tf.Tensor, tf.Tensor, tf.Tensor];
  const rows = tf.reshape(indices, [indices.size, 1]);
  return tf.add(data, tf.scatterND(rows, updates, data.shape));
};
