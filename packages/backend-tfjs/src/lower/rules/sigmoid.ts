import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';

/** The composite, natively: 1 / (1 + exp(-x)) saturates to 0 or 1 without NaN, as core's two-branch form does. */
export const sigmoid: LoweringRule<'Sigmoid'> = (ctx) => tf.sigmoid(ctx.inputs[0]!);
