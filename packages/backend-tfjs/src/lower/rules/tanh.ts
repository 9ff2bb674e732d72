import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';

export const tanh: LoweringRule<'Tanh'> = (ctx) => tf.tanh(ctx.inputs[0]!);
