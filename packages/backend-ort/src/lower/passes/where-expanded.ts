import type { RewritePass, RewriteRule } from '../rules/rule.js';
import { sameShape } from './same-shape.js';

/**
 * Where with every input first expanded to the output shape, for WebGPU: JSEP's Where shader cache key
 * holds only the inputs' ranks and types, not whether they broadcast, so a shader compiled for equal
 * shapes was reused for broadcasting inputs of the same ranks (read by flat offset, found by the
 * browser conformance). With equal shapes every shader it may pick is correct.
 */
const whereExpanded: RewriteRule<'Where'> = (ctx) => {
  const em = ctx.emitter;
  // ORT has no bool Where: the Where rule first moves to uint8 views, which come back through here.
  if (ctx.outputInfo.dtype === 'bool') return undefined;
  const shape = ctx.outputInfo.shape;
  const full = ctx.inputs.map((name, i) =>
    sameShape(ctx.inputInfo[i]!.shape, shape) ? name : em.node('Expand', [name, em.shape(shape)]),
  );
  return em.node('Where', full);
};

export const WHERE_EXPANDED: RewritePass = { name: 'where-expanded', rules: { Where: whereExpanded } };
