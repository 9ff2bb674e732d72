import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';

export const add: LoweringRule<'Add'> = (ctx) => tf.add(ctx.inputs[0]!, ctx.inputs[1]!);
