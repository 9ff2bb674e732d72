import { int } from '../onnx-emitter.js';
import type { RewritePass, RewriteRule } from '../rules/rule.js';

/**
 * WebGPU's default maxStorageBuffersPerShaderStage is 8 and JSEP (1.30) asks for no more; its Concat
 * binds every input and the output as storage buffers in one shader, so a Concat of 8 or more inputs
 * fails pipeline validation and its output is left all zeros, with no error reaching the caller (found
 * by the browser conformance: heinsen-log's exact paths concatenate one column per value dim).
 */
export const MAX_CONCAT_INPUTS = 7;

/** Concat of more than MAX_CONCAT_INPUTS inputs as a tree of Concats of at most that many each. */
const concatInGroups: RewriteRule<'Concat'> = (ctx) => {
  if (ctx.inputs.length <= MAX_CONCAT_INPUTS) return undefined;
  const rank = ctx.inputInfo[0]!.shape.length;
  const axis = int(ctx.attrs.axis < 0 ? ctx.attrs.axis + rank : ctx.attrs.axis);
  let parts = [...ctx.inputs];
  while (parts.length > MAX_CONCAT_INPUTS) {
    const groups: string[] = [];
    for (let start = 0; start < parts.length; start += MAX_CONCAT_INPUTS) {
      const group = parts.slice(start, start + MAX_CONCAT_INPUTS);
      groups.push(group.length === 1 ? group[0]! : ctx.emitter.node('Concat', group, { axis }));
    }
    parts = groups;
  }
  return ctx.emitter.node('Concat', parts, { axis });
};

export const CONCAT_IN_GROUPS: RewritePass = { name: 'concat-in-groups', rules: { Concat: concatInGroups } };
