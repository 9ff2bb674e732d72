import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';

export const exp: LoweringRule<'Exp'> = (ctx) => tf.exp(ctx.inputs[0]!);
