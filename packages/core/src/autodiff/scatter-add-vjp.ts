import { forNeeded, type VjpRules } from './vjp-rule.js';

/** out = data + scatter(updates): data's cotangent is g itself, updates' is g gathered at the indices. */
export const SCATTER_ADD_VJPS: VjpRules = {
  ScatterAdd: ({ b, inputs: [, indices], cotangent: g, needs }) =>
    forNeeded(
      needs,
      () => g,
      undefined,
      () => b.gather(g, indices!, 0),
    ),
};
