import { InvalidArgumentError, ShapeError } from '../../errors.js';
import type { GraphBuilder, Value } from '../../ir/builder.js';
import type { Dim } from '../../ir/shape.js';

/** How a sequence of `length` tokens is cut into `count` chunks of `size`, the last one padded. */
export interface ChunkPlan {
  readonly length: number;
  readonly size: number;
  readonly count: number;
  readonly padded: number;
}

/**
 * The one chunking of every chunked form. The forms pad to a whole number of chunks, and Pad needs a
 * concrete length, so the sequence length must be known when the graph is built (symbolic lengths
 * belong to the parallel form). `fitToLength` caps the chunk at the sequence length: a form whose cost
 * grows with the chunk's padded size (heinsen's power-of-two blocks) then pads nothing when n < size.
 */
export function planChunks(
  label: string,
  length: Dim,
  size: number,
  options: { readonly fitToLength?: boolean } = {},
): ChunkPlan {
  if (!Number.isInteger(size) || size < 1) {
    throw new InvalidArgumentError(`${label}: chunkSize must be a positive integer, got ${size}`);
  }
  if (typeof length !== 'number') {
    throw new ShapeError(
      `${label}: the chunked form needs a concrete sequence length, got symbolic '${length}'`,
    );
  }
  if (length < 1) throw new ShapeError(`${label}: the chunked form needs at least one token, got 0`);
  const chunk = options.fitToLength ? Math.min(size, length) : size;
  const count = Math.ceil(length / chunk);
  return { length, size: chunk, count, padded: count * chunk };
}

/** [b, h, n, d] -> [b, h, chunks, size, d], padding the tail with `fill` (keys of -inf weigh nothing). */
export function toChunks(b: GraphBuilder, x: Value, plan: ChunkPlan, fill = 0): Value {
  const tail = plan.padded - plan.length;
  const padded = tail > 0 ? b.padAxis(x, 2, 0, tail, fill) : x;
  return b.reshape(padded, [x.dim(0), x.dim(1), plan.count, plan.size, x.dim(3)]);
}

/** [b, h, chunks, size, w] -> [b, h, n, w], dropping the padding. */
export function fromChunks(b: GraphBuilder, x: Value, plan: ChunkPlan): Value {
  const flat = b.reshape(x, [x.dim(0), x.dim(1), plan.padded, x.dim(4)]);
  return plan.padded > plan.length ? b.slice(flat, [2], [0], [plan.length]) : flat;
}
