import { ints } from '../onnx-emitter.js';
import type { LoweringRule } from './rule.js';

export const transpose: LoweringRule<'Transpose'> = (ctx) =>
  ctx.emitter.node('Transpose', [ctx.inputs[0]!], { perm: ints(ctx.attrs.perm) });
