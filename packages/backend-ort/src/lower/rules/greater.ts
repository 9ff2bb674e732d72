import type { LoweringRule } from './rule.js';

export const greater: LoweringRule<'Greater'> = (ctx) => ctx.emitter.node('Greater', ctx.inputs);
