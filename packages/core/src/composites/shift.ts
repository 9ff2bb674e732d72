import type { GraphBuilder, Value } from '../ir/builder.js';

/** The most negative finite float32. */
export const LOWEST_FLOAT32 = -3.4028234663852886e38;

/**
 * A max used as a shift, with -inf raised to the lowest finite float32: subtracting -inf from -inf
 * would give NaN, while any finite shift keeps every -inf entry at -inf and so keeps empty sums exactly
 * 0 (and log 0 + shift stays -inf). One Max against a scalar: on ORT CPU about 5x cheaper than the
 * Equal + Where it replaces.
 */
export function finiteShift(b: GraphBuilder, max: Value): Value {
  return b.maximum(max, LOWEST_FLOAT32);
}

/** Indices n-1, ..., 0 along one axis, for reversing it with Gather; works for any length. */
export function reversedIndices(b: GraphBuilder, length: number): Value {
  return b.constant(
    Array.from({ length }, (_, i) => length - 1 - i),
    [length],
    'int32',
  );
}
