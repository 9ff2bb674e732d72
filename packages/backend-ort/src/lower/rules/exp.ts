import type { LoweringRule } from './rule.js';

export const exp: LoweringRule<'Exp'> = (ctx) => ctx.emitter.node('Exp', ctx.inputs);
