import * as tf from '@tensorflow/tfjs-core';
import type { RewritePass, RewriteRule } from '../rules/rule.js';

/**
 * log(0) must be exactly -inf (the log of an empty sum); SwiftShader's GPU log returns log(2^-127) =
 * -88.03 instead. (Small tensors still on the CPU bypass the GPU kernel, which is how this hides.)
 */
const exactLog: RewriteRule<'Log'> = (ctx) => {
  const x = ctx.inputs[0]!;
  const log = tf.log(x);
  const minusInf = tf.fill(log.shape, Number.NEGATIVE_INFINITY);
  return ctx.lower('Where', {}, [tf.equal(x, 0), minusInf, log], log.shape);
};

export const EXACT_LOG: RewritePass = { name: 'exact-log', rules: { Log: exactLog } };
