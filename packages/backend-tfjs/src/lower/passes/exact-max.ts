import * as tf from '@tensorflow/tfjs-core';
import { lowerReduction } from '../rules/reduction.js';
import type { RewritePass, RewriteRule } from '../rules/rule.js';

/** tfjs-webgl seeds max reductions with -1e20, so a row that is entirely -inf reduces to -1e20. */
const exactMax: RewriteRule<'ReduceMax'> = (ctx) => {
  if (ctx.inputs[0]!.dtype !== 'float32') return undefined;
  return lowerReduction(ctx, (x, axes, keepDims) => {
    const max = tf.max(x, axes, keepDims);
    const empty = tf.all(tf.equal(x, Number.NEGATIVE_INFINITY), axes, keepDims);
    const minusInf = tf.fill(max.shape, Number.NEGATIVE_INFINITY);
    return ctx.lower('Where', {}, [empty, minusInf, max], max.shape);
  });
};

export const EXACT_MAX: RewritePass = { name: 'exact-max', rules: { ReduceMax: exactMax } };
