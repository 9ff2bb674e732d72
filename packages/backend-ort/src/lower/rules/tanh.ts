import type { LoweringRule } from './rule.js';

export const tanh: LoweringRule<'Tanh'> = (ctx) => ctx.emitter.node('Tanh', ctx.inputs);
