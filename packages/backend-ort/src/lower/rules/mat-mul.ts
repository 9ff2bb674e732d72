import type { LoweringRule } from './rule.js';

export const matMul: LoweringRule<'MatMul'> = (ctx) => {
  const em = ctx.emitter;
  if (ctx.inputInfo[0]!.shape.at(-1) === 0) {
    // A sum over nothing is 0; ORT-web's batched MatMul leaves such an output uninitialized.
    const zero = em.constant(ctx.outputInfo.dtype, [], [0]);
    return em.node('Expand', [zero, em.shape(ctx.outputInfo.shape)]);
  }
  return em.node('MatMul', ctx.inputs);
};
