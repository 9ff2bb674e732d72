import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';

/** core's int32 Div truncates toward zero (like C); tfjs's int32 div floors. */
function truncatingIntDiv(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const floored = tf.floorDiv(a, b);
  const remainder = tf.sub(a, tf.mul(floored, b));
  const signsDiffer = tf.notEqual(tf.less(a, 0), tf.less(b, 0));
  const roundUp = tf.logicalAnd(tf.notEqual(remainder, 0), signsDiffer);
  return tf.add(floored, tf.cast(roundUp, 'int32'));
}

export const div: LoweringRule<'Div'> = (ctx) => {
  const [a, b] = ctx.inputs;
  return a!.dtype === 'int32' ? truncatingIntDiv(a!, b!) : tf.div(a!, b!);
};
