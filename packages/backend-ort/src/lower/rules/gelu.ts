import { str } from '../onnx-emitter.js';
import type { LoweringRule } from './rule.js';

/** The composite, natively; ONNX has Gelu only from opset 20 (the table leaves it out below that). */
export const GELU_SINCE_OPSET = 20;

export const gelu: LoweringRule<'Gelu'> = (ctx) =>
  ctx.emitter.node('Gelu', [ctx.inputs[0]!], { approximate: str(ctx.attrs.approximate) });
