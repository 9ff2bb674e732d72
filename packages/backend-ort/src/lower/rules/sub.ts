import type { LoweringRule } from './rule.js';

export const sub: LoweringRule<'Sub'> = (ctx) => ctx.emitter.node('Sub', ctx.inputs);
