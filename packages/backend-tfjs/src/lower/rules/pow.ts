import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';

export const pow: LoweringRule<'Pow'> = (ctx) => tf.pow(ctx.inputs[0]!, ctx.inputs[1]!);
