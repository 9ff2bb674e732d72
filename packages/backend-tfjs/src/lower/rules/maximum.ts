import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';

export const maximum: LoweringRule<'Maximum'> = (ctx) => tf.maximum(ctx.inputs[0]!, ctx.inputs[1]!);
