import { GraphError } from '../errors.js';
import type { GraphBuilder, Value } from '../ir/builder.js';
import { formatShape, type Shape, sameShape } from '../ir/shape.js';

/**
 * Reverses numpy broadcasting: sums a cotangent over the axes that broadcasting added or stretched
 * from 1, so it gets the shape of the operand that was broadcast. Symbolic dims only ever broadcast
 * against themselves or 1, so the axes to sum are known statically.
 */
export function sumToShape(b: GraphBuilder, cotangent: Value, shape: Shape): Value {
  if (sameShape(cotangent.shape, shape)) return cotangent;
  const lead = cotangent.rank - shape.length;
  if (lead < 0)
    throw new GraphError(`autodiff: cannot sum ${formatShape(cotangent.shape)} to ${formatShape(shape)}`);
  const leading = Array.from({ length: lead }, (_, i) => i);
  const stretched: number[] = [];
  shape.forEach((d, i) => {
    const have = cotangent.shape[lead + i]!;
    if (have === d) return;
    if (d !== 1)
      throw new GraphError(`autodiff: cannot sum ${formatShape(cotangent.shape)} to ${formatShape(shape)}`);
    stretched.push(lead + i);
  });
  if (stretched.length === 0) {
    // Leading axes of extent 1 only (a weight's gradient at batch 1): a ReduceSum there would be a
    // full copy on a CPU, where a reshape is free. Mixed with other axes they stay in the reduction,
    // which ORT's CPU kernel runs fastest over leading axes.
    if (leading.every((i) => cotangent.shape[i] === 1)) return b.reshape(cotangent, shape);
    return b.reduceSum(cotangent, leading, false);
  }
  return b.reshape(b.reduceSum(cotangent, [...leading, ...stretched], true), shape);
}

/** The shape a reduction over `axes` has with keepDims, so its cotangent can broadcast back. */
export function keptShape(shape: Shape, axes: readonly number[]): Shape {
  const rank = shape.length;
  const normalized = axes.map((a) => (a < 0 ? a + rank : a));
  return shape.map((d, i) => (normalized.includes(i) ? 1 : d));
}

/** A reduced value (and its cotangent) viewed with the reduced axes kept as size 1. */
export function withKeptDims(
  b: GraphBuilder,
  reduced: Value,
  shape: Shape,
  axes: readonly number[],
  keepDims: boolean,
): Value {
  return keepDims ? reduced : b.reshape(reduced, keptShape(shape, axes));
}
