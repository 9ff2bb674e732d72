import type { GraphBuilder, Value } from '../ir/builder.js';
import type { CompositeAttrs } from '../ir/ops.js';
import { decomposeLogSumExp } from './log-sum-exp.js';
import { finiteShift } from './shift.js';

/** Max-shifted softmax. A row that is entirely -inf (fully masked) gives zeros rather than 0/0. */
export function decomposeSoftmax(
  b: GraphBuilder,
  [x]: readonly Value[],
  { axis }: CompositeAttrs['Softmax'],
): Value {
  const shift = finiteShift(b, b.reduceMax(x!, [axis], true));
  const e = b.exp(b.sub(x!, shift));
  const sum = b.reduceSum(e, [axis], true);
  return b.div(e, b.where(b.equal(sum, 0), 1, sum));
}

export function decomposeLogSoftmax(
  b: GraphBuilder,
  [x]: readonly Value[],
  { axis }: CompositeAttrs['LogSoftmax'],
): Value {
  const lse = decomposeLogSumExp(b, [x!], { axes: [axis], keepDims: true });
  return b.where(b.equal(lse, Number.NEGATIVE_INFINITY), Number.NEGATIVE_INFINITY, b.sub(x!, lse));
}
