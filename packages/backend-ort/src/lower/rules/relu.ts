import type { LoweringRule } from './rule.js';

/** The composite, natively: ONNX Relu is core's definition. */
export const relu: LoweringRule<'Relu'> = (ctx) => ctx.emitter.node('Relu', ctx.inputs);
