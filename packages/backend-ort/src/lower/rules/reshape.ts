import { int } from '../onnx-emitter.js';
import type { LoweringRule } from './rule.js';

export const reshape: LoweringRule<'Reshape'> = (ctx) => {
  const em = ctx.emitter;
  const { shape } = ctx.attrs;
  // With allowzero=0 (the default) ONNX reads a literal 0 as "copy the input dim"; core means size 0.
  const literalZero = shape.includes(0) && !shape.includes(-1);
  return em.node('Reshape', [ctx.inputs[0]!, em.shape(shape)], literalZero ? { allowzero: int(1) } : {});
};
