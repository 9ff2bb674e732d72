import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';

export const logicalNot: LoweringRule<'Not'> = (ctx) => tf.logicalNot(ctx.inputs[0]!);
