import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';

export const iota: LoweringRule<'Iota'> = (ctx) =>
  tf.range(0, ctx.resolve(ctx.attrs.length), 1, ctx.attrs.dtype);
