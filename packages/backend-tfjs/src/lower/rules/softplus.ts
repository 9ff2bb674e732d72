import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';

/** The composite, natively: a thresholded log(1 + exp(x)), with no overflow for large x. */
export const softplus: LoweringRule<'Softplus'> = (ctx) => tf.softplus(ctx.inputs[0]!);
