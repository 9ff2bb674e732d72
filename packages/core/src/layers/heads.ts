import { ShapeError } from '../errors.js';
import type { GraphBuilder, Value } from '../ir/builder.js';

/** [batch, seq, heads * d] -> [batch, heads, seq, d]. */
export function splitHeads(b: GraphBuilder, x: Value, heads: number): Value {
  const width = x.dim(2);
  if (typeof width !== 'number' || width % heads !== 0) {
    throw new ShapeError(`splitHeads: width ${String(width)} is not divisible by ${heads} heads`);
  }
  const split = b.reshape(x, [x.dim(0), x.dim(1), heads, width / heads]);
  return b.transpose(split, [0, 2, 1, 3]);
}

/** [batch, heads, seq, d] -> [batch, seq, heads * d]. */
export function mergeHeads(b: GraphBuilder, x: Value): Value {
  const heads = x.dim(1);
  const d = x.dim(3);
  if (typeof heads !== 'number' || typeof d !== 'number') {
    throw new ShapeError(
      `mergeHeads: heads and head size must be concrete, got ${String(heads)} and ${String(d)}`,
    );
  }
  const merged = b.transpose(x, [0, 2, 1, 3]);
  return b.reshape(merged, [x.dim(0), x.dim(2), heads * d]);
}
