import type { LoweringRule } from './rule.js';

export const slice: LoweringRule<'Slice'> = (ctx) => {
  const em = ctx.emitter;
  const rank = ctx.inputInfo[0]!.shape.length;
  const { starts, ends } = ctx.attrs;
  const axes = ctx.attrs.axes.map((a) => (a < 0 ? a + rank : a));
  return em.node('Slice', [ctx.inputs[0]!, em.int64s(starts), em.shape(ends), em.int64s(axes)]);
};
