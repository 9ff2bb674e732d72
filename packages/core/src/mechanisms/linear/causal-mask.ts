import type { GraphBuilder, Value } from '../../ir/builder.js';
import type { Dim } from '../../ir/shape.js';

/** [n, n] bool, true where key j <= query i. Built from iota so it also serves a symbolic n. */
export function causalMask(b: GraphBuilder, n: Dim): Value {
  const positions = b.iota(n);
  return b.lessEqual(b.reshape(positions, [1, n]), b.reshape(positions, [n, 1]));
}
