import type { LoweringRule } from './rule.js';

/** ONNX spells it Min. */
export const minimum: LoweringRule<'Minimum'> = (ctx) => ctx.emitter.node('Min', ctx.inputs);
