import type { LoweringRule } from './rule.js';

/** ONNX spells it Max. */
export const maximum: LoweringRule<'Maximum'> = (ctx) => ctx.emitter.node('Max', ctx.inputs);
