import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';
import { positiveAxis } from './via-int32.js';

export const cumSum: LoweringRule<'CumSum'> = (ctx) => {
  const a = ctx.inputs[0]!;
  const { axis, exclusive, reverse } = ctx.attrs;
  return tf.cumsum(a, positiveAxis(axis, a.rank), exclusive, reverse);
};
