import type { VjpRules } from './vjp-rule.js';

/**
 * FiniteShift is m where m > -inf and a constant stand-in where m = -inf, so the cotangent passes where
 * m is finite and is 0 at -inf. A rule of its own keeps the composite one node in gradient graphs, so
 * a backend still lowers it natively (ORT CPU: one Max) instead of the decomposition's Equal and Where.
 */
export const FINITE_SHIFT_VJPS: VjpRules = {
  FiniteShift: ({ b, inputs: [m], cotangent: g }) => [b.where(b.equal(m!, Number.NEGATIVE_INFINITY), 0, g)],
};
