import * as tf from '@tensorflow/tfjs-core';
import { lowerReduction } from './reduction.js';
import type { LoweringRule } from './rule.js';

/** The composite, natively: divides then sums, the same error as core's sum-then-divide. */
export const reduceMean: LoweringRule<'ReduceMean'> = (ctx) => lowerReduction(ctx, tf.mean);
