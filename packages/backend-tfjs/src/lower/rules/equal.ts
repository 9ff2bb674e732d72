import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';

export const equal: LoweringRule<'Equal'> = (ctx) => tf.equal(ctx.inputs[0]!, ctx.inputs[1]!);
