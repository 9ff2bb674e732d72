import { int } from '../onnx-emitter.js';
import type { LoweringRule } from './rule.js';

export const matMul: LoweringRule<'MatMul'> = (ctx) => {
  const em = ctx.emitter;
  const inner = ctx.inputInfo[0]!.shape.at(-1);
  if (inner === 0) {
    // A sum over nothing is 0; ORT-web's batched MatMul leaves such an output uninitialized.
    const zero = em.constant(ctx.outputInfo.dtype, [], [0]);
    return em.node('Expand', [zero, em.shape(ctx.outputInfo.shape)]);
  }
  const product = em.node('MatMul', ctx.inputs);
  if (typeof inner === 'number') return product;
  // ORT's MatMul (cpu intermittently, wasm always) leaves its output uninitialized when a symbolic
  // inner dim is bound to 0 at run time. The product is then a sum over nothing, 0, so it is selected
  // in-graph: one select over the output, small next to the MatMul's own O(output x inner) work.
  const innerSize = em.node('Shape', [ctx.inputs[0]!], { start: int(-1) });
  const empty = em.node('Equal', [innerSize, em.constant('int64', [], [0])]);
  const zero = em.constant(ctx.outputInfo.dtype, [], [0]);
  return ctx.lower(
    'Where',
    {},
    [empty, zero, product],
    [{ dtype: 'bool', shape: [1] }, { dtype: ctx.outputInfo.dtype, shape: [] }, ctx.outputInfo],
    ctx.outputInfo,
  );
};
