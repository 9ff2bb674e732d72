import * as tf from '@tensorflow/tfjs-core';
import type { RewritePass, RewriteRule } from '../rules/rule.js';
import { positiveAxis } from '../rules/via-int32.js';

/** tfjs-webgpu's cumsum is wrong when exclusive and reverse are combined; reverse explicitly there. */
const reverseCumSum: RewriteRule<'CumSum'> = (ctx) => {
  const x = ctx.inputs[0]!;
  if (!ctx.attrs.reverse) return undefined;
  const axis = positiveAxis(ctx.attrs.axis, x.rank);
  return tf.reverse(tf.cumsum(tf.reverse(x, axis), axis, ctx.attrs.exclusive, false), axis);
};

export const REVERSE_CUM_SUM: RewritePass = { name: 'reverse-cum-sum', rules: { CumSum: reverseCumSum } };
