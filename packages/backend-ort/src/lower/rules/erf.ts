import type { LoweringRule } from './rule.js';

export const erf: LoweringRule<'Erf'> = (ctx) => ctx.emitter.node('Erf', ctx.inputs);
