import { int } from '../onnx-emitter.js';
import type { LoweringRule } from './rule.js';

export const concat: LoweringRule<'Concat'> = (ctx) => {
  const rank = ctx.inputInfo[0]!.shape.length;
  const { axis } = ctx.attrs;
  return ctx.emitter.node('Concat', ctx.inputs, { axis: int(axis < 0 ? axis + rank : axis) });
};
