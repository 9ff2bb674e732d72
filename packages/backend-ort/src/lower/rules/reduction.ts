import type { RuleContext } from './rule.js';

/** Reductions take `axes` as an attribute up to some opset and as an int64 input after it. */
export function lowerReduction(
  ctx: RuleContext<'ReduceSum' | 'ReduceMax' | 'ReduceMean'>,
  opType: string,
  axesAsInputSince: number,
): string {
  const em = ctx.emitter;
  const x = ctx.inputs[0]!;
  const { axes, keepDims } = ctx.attrs;
  // ONNX reads empty axes as "reduce everything"; in core it reduces nothing. No node at all: an
  // Identity would run on the CPU EP under WebGPU (see name-outputs.ts).
  if (axes.length === 0) return x;
  const rank = ctx.inputInfo[0]!.shape.length;
  const normalized = axes.map((a) => (a < 0 ? a + rank : a));
  const keepdims = { kind: 'int' as const, value: keepDims ? 1 : 0 };
  if (em.opset >= axesAsInputSince) return em.node(opType, [x, em.int64s(normalized)], { keepdims });
  return em.node(opType, [x], { axes: { kind: 'ints', value: normalized }, keepdims });
}
