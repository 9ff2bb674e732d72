import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';

export const sub: LoweringRule<'Sub'> = (ctx) => tf.sub(ctx.inputs[0]!, ctx.inputs[1]!);
