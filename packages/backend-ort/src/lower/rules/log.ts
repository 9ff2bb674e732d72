import type { LoweringRule } from './rule.js';

/**
 * WGSL's log(0) is implementation-defined (SwiftShader gives -88.03, log of the smallest normal), so
 * log(0) = -inf is pinned explicitly: -inf is how every mechanism spells "empty". Kept on every device,
 * so one model file means the same thing wherever it runs.
 */
export const log: LoweringRule<'Log'> = (ctx) => {
  const em = ctx.emitter;
  const x = ctx.inputs[0]!;
  const zero = em.constant('float32', [], [0]);
  const minusInf = em.constant('float32', [], [Number.NEGATIVE_INFINITY]);
  return em.node('Where', [em.node('Equal', [x, zero]), minusInf, em.node('Log', [x])]);
};
