import * as tf from '@tensorflow/tfjs-core';
import type { RuleContext } from './rule.js';
import { positiveAxis } from './via-int32.js';

type Reduce = (x: tf.Tensor, axes: number[], keepDims: boolean) => tf.Tensor;

/** A reduction over core's axes; empty axes reduce nothing (tfjs would reduce everything). */
export function lowerReduction(
  ctx: RuleContext<'ReduceSum' | 'ReduceMax' | 'ReduceMean'>,
  reduce: Reduce,
): tf.Tensor {
  const a = ctx.inputs[0]!;
  if (ctx.attrs.axes.length === 0) return tf.clone(a);
  return reduce(
    a,
    ctx.attrs.axes.map((axis) => positiveAxis(axis, a.rank)),
    ctx.attrs.keepDims,
  );
}
