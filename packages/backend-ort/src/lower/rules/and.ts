import type { LoweringRule } from './rule.js';

export const logicalAnd: LoweringRule<'And'> = (ctx) => ctx.emitter.node('And', ctx.inputs);
