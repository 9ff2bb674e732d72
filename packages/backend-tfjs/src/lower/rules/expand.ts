import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';
import { viaInt32IfBool } from './via-int32.js';

export const sameShape = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((d, i) => d === b[i]);

export const expand: LoweringRule<'Expand'> = (ctx) => {
  const a = ctx.inputs[0]!;
  if (sameShape(a.shape, ctx.outShape)) return tf.clone(a);
  return viaInt32IfBool(a, (t) => tf.broadcastTo(t, [...ctx.outShape]));
};
