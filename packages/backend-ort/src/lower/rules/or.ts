import type { LoweringRule } from './rule.js';

export const logicalOr: LoweringRule<'Or'> = (ctx) => ctx.emitter.node('Or', ctx.inputs);
