import type { LoweringRule } from './rule.js';

export const mul: LoweringRule<'Mul'> = (ctx) => ctx.emitter.node('Mul', ctx.inputs);
