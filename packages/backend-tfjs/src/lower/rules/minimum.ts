import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';

export const minimum: LoweringRule<'Minimum'> = (ctx) => tf.minimum(ctx.inputs[0]!, ctx.inputs[1]!);
