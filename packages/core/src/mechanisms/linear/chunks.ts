import { InvalidArgumentError, ShapeError } from '../../errors.js';
import type { GraphBuilder, Value } from '../../ir/builder.js';
import type { Dim } from '../../ir/shape.js';

/** How a sequence of `length` tokens is cut into `count` chunks of `size`, the last one zero-padded. */
export interface ChunkPlan {
  readonly length: number;
  readonly size: number;
  readonly count: number;
  readonly padded: number;
}

/**
 * The chunked forms pad to a whole number of chunks, and Pad needs a concrete length, so the sequence
 * length must be known when the graph is built (symbolic lengths belong to the parallel form).
 */
export function planChunks(mechanism: string, length: Dim, size: number): ChunkPlan {
  if (!Number.isInteger(size) || size < 1) {
    throw new InvalidArgumentError(`${mechanism}: chunkSize must be a positive integer, got ${size}`);
  }
  if (typeof length !== 'number') {
    throw new ShapeError(
      `${mechanism}: the chunked form needs a concrete sequence length, got symbolic '${length}'`,
    );
  }
  if (length < 1) throw new ShapeError(`${mechanism}: the chunked form needs at least one token, got 0`);
  const count = Math.ceil(length / size);
  return { length, size, count, padded: count * size };
}

/** [b, h, n, d] -> [b, h, chunks, size, d], zero-padding the tail. */
export function toChunks(b: GraphBuilder, x: Value, plan: ChunkPlan): Value {
  const padded = b.padAxis(x, 2, 0, plan.padded - plan.length);
  return b.reshape(padded, [x.dim(0), x.dim(1), plan.count, plan.size, x.dim(3)]);
}

/** [b, h, chunks, size, d] -> [b, h, n, d], dropping the padding. */
export function fromChunks(b: GraphBuilder, x: Value, plan: ChunkPlan): Value {
  const flat = b.reshape(x, [x.dim(0), x.dim(1), plan.padded, x.dim(4)]);
  return b.slice(flat, [2], [0], [plan.length]);
}

/** [size, size] bool, true where key j <= query i inside one chunk. */
export function intraChunkMask(b: GraphBuilder, size: number): Value {
  const mask: number[] = [];
  for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) mask.push(j <= i ? 1 : 0);
  return b.constant(mask, [size, size], 'bool');
}
