import { int } from '../onnx-emitter.js';
import type { LoweringRule } from './rule.js';

export const gather: LoweringRule<'Gather'> = (ctx) => {
  const rank = ctx.inputInfo[0]!.shape.length;
  const { axis } = ctx.attrs;
  return ctx.emitter.node('Gather', ctx.inputs, { axis: int(axis < 0 ? axis + rank : axis) });
};
