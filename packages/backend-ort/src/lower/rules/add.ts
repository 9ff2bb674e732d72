import type { LoweringRule } from './rule.js';

export const add: LoweringRule<'Add'> = (ctx) => ctx.emitter.node('Add', ctx.inputs);
