import type { LoweringRule } from './rule.js';

/** ONNX spells it LessOrEqual. */
export const lessEqual: LoweringRule<'LessEqual'> = (ctx) => ctx.emitter.node('LessOrEqual', ctx.inputs);
