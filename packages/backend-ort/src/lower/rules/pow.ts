import type { LoweringRule } from './rule.js';

export const pow: LoweringRule<'Pow'> = (ctx) => ctx.emitter.node('Pow', ctx.inputs);
