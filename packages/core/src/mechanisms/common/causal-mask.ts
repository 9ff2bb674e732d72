import type { GraphBuilder, Value } from '../../ir/builder.js';
import type { Dim } from '../../ir/shape.js';

/**
 * [n, n] bool, true where key j may be seen by query i: j <= i, or j < i when `strict`. The one causal
 * mask of every mechanism. Built from iota so it also serves a symbolic n; with a concrete n the iota
 * is a constant of n entries (not n^2), and runtimes that fold constants (ORT) fold the comparison.
 */
export function causalMask(b: GraphBuilder, n: Dim, strict = false): Value {
  const query = b.reshape(b.iota(n), [n, 1]);
  const key = b.reshape(b.iota(n), [1, n]);
  return strict ? b.greater(query, key) : b.greaterEqual(query, key);
}
