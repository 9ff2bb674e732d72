import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';
import { viaInt32IfBool } from './via-int32.js';

export const transpose: LoweringRule<'Transpose'> = (ctx) =>
  viaInt32IfBool(ctx.inputs[0]!, (t) => tf.transpose(t, [...ctx.attrs.perm]));
