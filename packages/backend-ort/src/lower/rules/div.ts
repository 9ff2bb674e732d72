import type { LoweringRule } from './rule.js';

export const div: LoweringRule<'Div'> = (ctx) => ctx.emitter.node('Div', ctx.inputs);
