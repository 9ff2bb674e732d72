import type { GraphBuilder, Value } from '../ir/builder.js';
import type { CompositeAttrs } from '../ir/ops.js';
import { finiteShift } from './shift.js';

/** log(sum(exp(x))) shifted by the max, so no finite input overflows and all -inf gives -inf. */
export function decomposeLogSumExp(
  b: GraphBuilder,
  [x]: readonly Value[],
  attrs: CompositeAttrs['LogSumExp'],
): Value {
  const shift = finiteShift(b, b.reduceMax(x!, attrs.axes, true));
  const sum = b.reduceSum(b.exp(b.sub(x!, shift)), attrs.axes, attrs.keepDims);
  const outShift = attrs.keepDims ? shift : b.reshape(shift, sum.shape);
  return b.add(b.log(sum), outShift);
}
