import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';

export const lessEqual: LoweringRule<'LessEqual'> = (ctx) => tf.lessEqual(ctx.inputs[0]!, ctx.inputs[1]!);
