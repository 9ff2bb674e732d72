import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';

/** The composite, natively: x >= 0 ? x : exp(x) - 1, exactly core's definition with alpha = 1. */
export const elu: LoweringRule<'Elu'> = (ctx) => tf.elu(ctx.inputs[0]!);
