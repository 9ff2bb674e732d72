import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';

/** log(0) is -inf on host backends; the GPU profiles pin it (passes/exact-log.ts). */
export const log: LoweringRule<'Log'> = (ctx) => tf.log(ctx.inputs[0]!);
