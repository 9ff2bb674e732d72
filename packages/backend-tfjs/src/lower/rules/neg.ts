import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';

export const neg: LoweringRule<'Neg'> = (ctx) => tf.neg(ctx.inputs[0]!);
