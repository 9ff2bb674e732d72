import { float } from '../onnx-emitter.js';
import type { LoweringRule } from './rule.js';

/** The composite, natively: ONNX Elu with alpha 1 is core's definition. */
export const elu: LoweringRule<'Elu'> = (ctx) =>
  ctx.emitter.node('Elu', [ctx.inputs[0]!], { alpha: float(1) });
