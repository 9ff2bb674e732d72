import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';

export const erf: LoweringRule<'Erf'> = (ctx) => tf.erf(ctx.inputs[0]!);
