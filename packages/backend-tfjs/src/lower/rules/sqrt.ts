import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';

export const sqrt: LoweringRule<'Sqrt'> = (ctx) => tf.sqrt(ctx.inputs[0]!);
