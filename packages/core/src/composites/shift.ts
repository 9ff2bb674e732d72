import type { GraphBuilder, Value } from '../ir/builder.js';

/**
 * A max used as a shift, with -inf replaced by 0: subtracting -inf from -inf would give NaN, while
 * shifting by 0 keeps every -inf entry at -inf and so keeps empty sums exactly 0.
 */
export function finiteShift(b: GraphBuilder, max: Value): Value {
  return b.where(b.equal(max, Number.NEGATIVE_INFINITY), 0, max);
}

/** The most negative finite float32. */
export const LOWEST_FLOAT32 = -3.4028234663852886e38;

/**
 * A max used only as an exponent shift, exp(x - shift), and never added back to a log: -inf is raised
 * to the lowest finite float32, which keeps every -inf entry at -inf (so empty sums stay exactly 0)
 * with one Max against a scalar, about 5x cheaper than finiteShift's Equal + Where on ORT CPU. Not for
 * log-space results: log(0) + shift must stay -inf, and tfjs WebGL's log(0) is not -inf.
 */
export function exponentShift(b: GraphBuilder, max: Value): Value {
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
