import type { LoweringRule } from './rule.js';

/** ONNX spells it GreaterOrEqual. */
export const greaterEqual: LoweringRule<'GreaterEqual'> = (ctx) =>
  ctx.emitter.node('GreaterOrEqual', ctx.inputs);
