import { int } from '../onnx-emitter.js';
import type { LoweringRule } from './rule.js';

export const cumSum: LoweringRule<'CumSum'> = (ctx) => {
  const { axis, exclusive, reverse } = ctx.attrs;
  const rank = ctx.inputInfo[0]!.shape.length;
  const em = ctx.emitter;
  return em.node('CumSum', [ctx.inputs[0]!, em.int64Scalar(axis < 0 ? axis + rank : axis)], {
    exclusive: int(exclusive ? 1 : 0),
    reverse: int(reverse ? 1 : 0),
  });
};
