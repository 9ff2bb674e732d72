import { lowerReduction } from './reduction.js';
import type { LoweringRule } from './rule.js';

/** The composite, natively: ONNX ReduceMean is core's definition. */
export const reduceMean: LoweringRule<'ReduceMean'> = (ctx) => lowerReduction(ctx, 'ReduceMean', 18);
