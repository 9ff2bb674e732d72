import type { GraphBuilder, Value } from '../ir/builder.js';
import type { CompositeAttrs } from '../ir/ops.js';

export function decomposeReduceMean(
  b: GraphBuilder,
  [x]: readonly Value[],
  attrs: CompositeAttrs['ReduceMean'],
): Value {
  const sum = b.reduceSum(x!, attrs.axes, attrs.keepDims);
  const reduced = attrs.axes.map((a) => x!.dim(a));
  if (reduced.every((d) => typeof d === 'number')) {
    return b.div(
      sum,
      (reduced as number[]).reduce((p, d) => p * d, 1),
    );
  }
  // A symbolic count is only known at run time: count ones of the input's shape.
  const count = b.reduceSum(b.expand(b.scalar(1), x!.shape), attrs.axes, attrs.keepDims);
  return b.div(sum, count);
}
