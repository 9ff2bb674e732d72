import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule, RuleContext } from './rule.js';
import { viaInt32IfBool } from './via-int32.js';

/** The slice as tfjs's begin and size per axis, symbolic ends bound. */
export function sliceWindow(ctx: RuleContext<'Slice'>): { begin: number[]; sizes: number[] } {
  const a = ctx.inputs[0]!;
  const begin = a.shape.map(() => 0);
  const sizes = [...a.shape];
  ctx.attrs.axes.forEach((axis, i) => {
    begin[axis] = ctx.attrs.starts[i]!;
    sizes[axis] = ctx.resolve(ctx.attrs.ends[i]!) - ctx.attrs.starts[i]!;
  });
  return { begin, sizes };
}

export const slice: LoweringRule<'Slice'> = (ctx) => {
  const { begin, sizes } = sliceWindow(ctx);
  return viaInt32IfBool(ctx.inputs[0]!, (t) => tf.slice(t, begin, sizes));
};
