import type { RewritePass, RewriteRule } from '../rules/rule.js';

/**
 * Maximum and Minimum as a Where of a comparison, for WebGPU: JSEP has no Max/Min kernel, and those
 * nodes ran on the CPU EP between GPU nodes with wrong inputs (found by the browser conformance). Exact
 * for every non-NaN value, +-inf included; a tie picks b, which equals a.
 */
const asWhere =
  (comparison: 'Greater' | 'Less'): RewriteRule<'Maximum' | 'Minimum'> =>
  (ctx) => {
    const pickA = ctx.emitter.node(comparison, ctx.inputs);
    const out = ctx.outputInfo;
    const [a, b] = ctx.inputInfo;
    const condition = { dtype: 'bool' as const, shape: out.shape };
    return ctx.lower('Where', {}, [pickA, ctx.inputs[0]!, ctx.inputs[1]!], [condition, a!, b!], out);
  };

export const MAX_MIN_AS_WHERE: RewritePass = {
  name: 'max-min-as-where',
  rules: { Maximum: asWhere('Greater'), Minimum: asWhere('Less') },
};
