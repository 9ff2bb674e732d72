import type { GraphBuilder, Value } from '../ir/builder.js';
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
      () => sharedWeightGrad(b, x!, g, y!) ?? sumToShape(b, b.matmul(b.transposeLast2(x!), g), y!.shape),
    ),
};

/**
 * The gradient of a matrix y [k, n] that every batch of x [..., m, k] multiplies: one GEMM with the
 * batch folded into the contraction, x as [M, k] against g as [M, n]. The batched form would build a
 * [..., k, n] product per batch and then sum it away: for a tied vocab head at batch 32 that is a
 * 67 MB temporary and most of a training step. Only when the batch dims are concrete and x is not
 * itself broadcast (then the fold is a plain reshape).
 */
function sharedWeightGrad(b: GraphBuilder, x: Value, g: Value, y: Value): Value | undefined {
  if (y.rank !== 2 || x.rank < 3 || g.rank !== x.rank) return undefined;
  const lead = x.shape.slice(0, -1);
  if (!lead.every((d, i) => typeof d === 'number' && g.shape[i] === d)) return undefined;
  const rows = (lead as number[]).reduce((p, d) => p * d, 1);
  const flatX = b.reshape(x, [rows, x.shape.at(-1)!]);
  const flatG = b.reshape(g, [rows, g.shape.at(-1)!]);
  return b.matmul(b.transposeLast2(flatX), flatG);
}
