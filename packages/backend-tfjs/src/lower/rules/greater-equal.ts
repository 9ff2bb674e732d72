import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';

export const greaterEqual: LoweringRule<'GreaterEqual'> = (ctx) =>
  tf.greaterEqual(ctx.inputs[0]!, ctx.inputs[1]!);
