import type { LoweringRule } from './rule.js';

export const equal: LoweringRule<'Equal'> = (ctx) => ctx.emitter.node('Equal', ctx.inputs);
