import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';

export const logicalOr: LoweringRule<'Or'> = (ctx) => tf.logicalOr(ctx.inputs[0]!, ctx.inputs[1]!);
