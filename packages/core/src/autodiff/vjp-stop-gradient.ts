import type { VjpRules } from './vjp-rule.js';

/**
 * StopGradient passes no cotangent. Its output is never active (active-values.ts), so this rule only
 * keeps the composite a single node through autodiff instead of expanding it to the identity.
 */
export const STOP_GRADIENT_VJPS: VjpRules = {
  StopGradient: () => [],
};
