import type { LoweringRule } from './rule.js';

export const sqrt: LoweringRule<'Sqrt'> = (ctx) => ctx.emitter.node('Sqrt', ctx.inputs);
