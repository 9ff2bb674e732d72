import type { LoweringRule } from './rule.js';

export const less: LoweringRule<'Less'> = (ctx) => ctx.emitter.node('Less', ctx.inputs);
