import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';

export const reshape: LoweringRule<'Reshape'> = (ctx) => tf.reshape(ctx.inputs[0]!, [...ctx.outShape]);
