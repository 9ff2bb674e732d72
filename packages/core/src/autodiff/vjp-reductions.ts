import type { OpAttrs } from '../ir/ops.js';
import { sumToShape, withKeptDims } from './sum-to-shape.js';
import { forNeeded, type VjpRules } from './vjp-rule.js';

export const REDUCTION_VJPS: VjpRules = {
  ReduceSum: ({ b, inputs: [x], cotangent: g, attrs }) => [
    b.expand(withKeptDims(b, g, x!.shape, attrs.axes, attrs.keepDims), x!.shape),
  ],
  /**
   * Routed to the maximum; tied maxima split the cotangent equally (so the gradient still sums to g,
   * as torch's amax does). A row that is entirely -inf splits it over the whole row.
   */
  ReduceMax: ({ b, inputs: [x], output, cotangent: g, attrs }) => {
    const { axes, keepDims } = attrs as OpAttrs['ReduceMax'];
    const max = withKeptDims(b, output, x!.shape, axes, keepDims);
    const atMax = b.cast(b.equal(x!, max), 'float32');
    const count = b.reduceSum(atMax, axes, true);
    return [b.mul(atMax, b.div(withKeptDims(b, g, x!.shape, axes, keepDims), count))];
  },
  // Each input feeds the outputs on the other side of it, so the cotangent is scanned the other way.
  CumSum: ({ b, cotangent: g, attrs }) => [
    b.cumSum(g, attrs.axis, { exclusive: attrs.exclusive, reverse: !attrs.reverse }),
  ],
  // Batch axes that broadcasting stretched are summed back, exactly as for elementwise operands.
  MatMul: ({ b, inputs: [x, y], cotangent: g, needs }) =>
    forNeeded(
      needs,
      () => sumToShape(b, b.matmul(g, b.transposeLast2(y!)), x!.shape),
      () => sumToShape(b, b.matmul(b.transposeLast2(x!), g), y!.shape),
    ),
};
