import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';

export const less: LoweringRule<'Less'> = (ctx) => tf.less(ctx.inputs[0]!, ctx.inputs[1]!);
