import type { LoweringRule } from './rule.js';

export const neg: LoweringRule<'Neg'> = (ctx) => ctx.emitter.node('Neg', ctx.inputs);
