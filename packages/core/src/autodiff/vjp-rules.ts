import type { CompositeOp } from '../ir/ops.js';
import { SCATTER_ADD_VJPS } from './scatter-add-vjp.js';
import { ACTIVATION_VJPS } from './vjp-activations.js';
import { ELEMENTWISE_VJPS } from './vjp-elementwise.js';
import { FINITE_SHIFT_VJPS } from './vjp-finite-shift.js';
import { LAYER_NORM_VJPS } from './vjp-layer-norm.js';
import { LAYOUT_VJPS } from './vjp-layout.js';
import { LOG_SPACE_VJPS } from './vjp-log-space.js';
import { REDUCTION_VJPS } from './vjp-reductions.js';
import type { VjpRules } from './vjp-rule.js';
import { STOP_GRADIENT_VJPS } from './vjp-stop-gradient.js';

/**
 * One rule per differentiable op. Ops absent here either carry no gradient (comparisons, logic,
 * Iota, Constant: their outputs are never float values that depend on a wrt input) or are
 * composites differentiated through their decomposition (FiniteShift, GuardedFastPath, attention).
 */
export const VJP_RULES: VjpRules = {
  ...ELEMENTWISE_VJPS,
  ...REDUCTION_VJPS,
  ...LAYOUT_VJPS,
  ...LOG_SPACE_VJPS,
  ...ACTIVATION_VJPS,
  ...LAYER_NORM_VJPS,
  ...SCATTER_ADD_VJPS,
  ...STOP_GRADIENT_VJPS,
  ...FINITE_SHIFT_VJPS,
};

/** Composites kept as single nodes in gradient graphs because they have their own (stabler) rule. */
export function hasOwnVjp(op: CompositeOp): boolean {
  return VJP_RULES[op] !== undefined;
}
