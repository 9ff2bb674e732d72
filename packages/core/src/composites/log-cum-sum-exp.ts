import type { GraphBuilder, Value } from '../ir/builder.js';
import type { CompositeAttrs } from '../ir/ops.js';
import { logAddExpPrimitive } from './log-add-exp.js';
import { reversedIndices } from './shift.js';

/**
 * Inclusive/exclusive log-cumulative-sum-exp as a Hillis-Steele scan of logaddexp: ceil(log2 n)
 * levels, each combining every prefix with the one 2^level before it. Each logaddexp is shifted by
 * its own pair's max, so prefixes far below the global max never underflow (a single global shift
 * would), and -inf entries stay exact.
 */
export function decomposeLogCumSumExp(
  b: GraphBuilder,
  [input]: readonly Value[],
  attrs: CompositeAttrs['LogCumSumExp'],
): Value {
  let x = input!;
  const axis = attrs.axis < 0 ? attrs.axis + x.rank : attrs.axis;
  const n = x.shape[axis] as number;
  const reverse = attrs.reverse && n > 1 ? reversedIndices(b, n) : undefined;
  if (reverse) x = b.gather(x, reverse, axis);
  for (let offset = 1; offset < n; offset *= 2) {
    const shifted = shiftAlong(b, x, axis, offset, n);
    x = logAddExpPrimitive(b, x, shifted);
  }
  if (attrs.exclusive) x = shiftAlong(b, x, axis, 1, n);
  if (reverse) x = b.gather(x, reverse, axis);
  return x;
}

/** x moved `offset` places later along `axis`, with -inf (log 0) filling the start. */
function shiftAlong(b: GraphBuilder, x: Value, axis: number, offset: number, n: number): Value {
  // Not x * 0 + -inf: that is NaN wherever x is -inf.
  if (offset >= n) return b.expand(b.scalar(Number.NEGATIVE_INFINITY), x.shape);
  const padded = b.padAxis(x, axis, offset, 0, Number.NEGATIVE_INFINITY);
  return b.slice(padded, [axis], [0], [n]);
}
