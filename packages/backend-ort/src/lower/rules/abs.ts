import type { LoweringRule } from './rule.js';

export const abs: LoweringRule<'Abs'> = (ctx) => ctx.emitter.node('Abs', ctx.inputs);
