import type { LoweringRule } from './rule.js';

export const logicalNot: LoweringRule<'Not'> = (ctx) => ctx.emitter.node('Not', ctx.inputs);
