import type { GraphBuilder, Value } from '../ir/builder.js';

/**
 * A max used as a shift, with -inf replaced by 0: subtracting -inf from -inf would give NaN, while
 * shifting by 0 keeps every -inf entry at -inf and so keeps empty sums exactly 0.
 */
export function finiteShift(b: GraphBuilder, max: Value): Value {
  return b.where(b.equal(max, Number.NEGATIVE_INFINITY), 0, max);
}

/** Indices n-1, ..., 0 along one axis, for reversing it with Gather; works for any length. */
export function reversedIndices(b: GraphBuilder, length: number): Value {
  return b.constant(
    Array.from({ length }, (_, i) => length - 1 - i),
    [length],
    'int32',
  );
}
