import { lowerReduction } from './reduction.js';
import type { LoweringRule } from './rule.js';

export const reduceSum: LoweringRule<'ReduceSum'> = (ctx) => lowerReduction(ctx, 'ReduceSum', 13);
