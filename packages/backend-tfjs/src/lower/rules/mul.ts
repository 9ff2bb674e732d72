import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';

export const mul: LoweringRule<'Mul'> = (ctx) => tf.mul(ctx.inputs[0]!, ctx.inputs[1]!);
