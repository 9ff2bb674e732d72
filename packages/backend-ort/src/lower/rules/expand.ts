import type { LoweringRule } from './rule.js';

export const expand: LoweringRule<'Expand'> = (ctx) =>
  ctx.emitter.node('Expand', [ctx.inputs[0]!, ctx.emitter.shape(ctx.attrs.shape)]);
