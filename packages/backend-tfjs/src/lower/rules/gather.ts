import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';
import { positiveAxis, viaInt32IfBool } from './via-int32.js';

export const gather: LoweringRule<'Gather'> = (ctx) =>
  viaInt32IfBool(ctx.inputs[0]!, (t) => tf.gather(t, ctx.inputs[1]!, positiveAxis(ctx.attrs.axis, t.rank)));
