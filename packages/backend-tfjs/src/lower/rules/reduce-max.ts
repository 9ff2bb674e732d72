import * as tf from '@tensorflow/tfjs-core';
import { lowerReduction } from './reduction.js';
import type { LoweringRule } from './rule.js';

export const reduceMax: LoweringRule<'ReduceMax'> = (ctx) => lowerReduction(ctx, tf.max);
