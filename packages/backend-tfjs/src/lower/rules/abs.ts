import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';

export const abs: LoweringRule<'Abs'> = (ctx) => tf.abs(ctx.inputs[0]!);
