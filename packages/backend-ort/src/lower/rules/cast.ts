import { ONNX_DTYPE } from '../../onnx/onnx-types.js';
import { int } from '../onnx-emitter.js';
import type { LoweringRule } from './rule.js';

export const cast: LoweringRule<'Cast'> = (ctx) =>
  ctx.emitter.node('Cast', [ctx.inputs[0]!], { to: int(ONNX_DTYPE[ctx.attrs.to]) });
