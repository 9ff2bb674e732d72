import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';

export const greater: LoweringRule<'Greater'> = (ctx) => tf.greater(ctx.inputs[0]!, ctx.inputs[1]!);
