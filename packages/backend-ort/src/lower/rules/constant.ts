import type { LoweringRule } from './rule.js';

export const constant: LoweringRule<'Constant'> = (ctx) =>
  ctx.emitter.constant(ctx.attrs.dtype, ctx.attrs.shape, ctx.attrs.value);
