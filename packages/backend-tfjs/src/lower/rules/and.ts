import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';

export const logicalAnd: LoweringRule<'And'> = (ctx) => tf.logicalAnd(ctx.inputs[0]!, ctx.inputs[1]!);
