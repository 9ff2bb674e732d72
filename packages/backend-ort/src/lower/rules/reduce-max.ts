import { lowerReduction } from './reduction.js';
import type { LoweringRule } from './rule.js';

export const reduceMax: LoweringRule<'ReduceMax'> = (ctx) => lowerReduction(ctx, 'ReduceMax', 18);
