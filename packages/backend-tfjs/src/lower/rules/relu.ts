import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';

/** The composite, natively: max(x, 0). */
export const relu: LoweringRule<'Relu'> = (ctx) => tf.relu(ctx.inputs[0]!);
