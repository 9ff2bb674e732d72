import { InvalidArgumentError, ShapeError } from '../../errors.js';
import type { GraphBuilder, Value } from '../../ir/builder.js';
import { ceilDivDim, type Dim, parseSymbolicDim } from '../../ir/shape.js';

/**
 * How a sequence of `length` tokens is cut into `count` chunks of `size`, the last one padded to
 * `padded` tokens. With a symbolic length, `count` and `padded` are dim expressions ('ceil(seq/64)',
 * 'ceil(seq/64)*64') that the runtimes compute from the bound length, so one graph serves every length.
 */
export interface ChunkPlan {
  readonly length: Dim;
  readonly size: number;
  readonly count: Dim;
  readonly padded: Dim;
}

/**
 * The one chunking of every chunked form. A symbolic length pads in-graph: Pad by size - 1 tokens,
 * then Slice to the whole-chunk length ceil(n/size)*size (and back to n after). `fitToLength` caps the
 * chunk at a concrete sequence length: a form whose cost grows with the chunk's padded size (heinsen's
 * power-of-two blocks) then pads nothing when n < size; a symbolic length keeps `size`.
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
    const p = parseSymbolicDim(length);
    if (p.addend !== undefined || p.divisor !== 1 || p.scale !== 1)
      throw new ShapeError(
        `${label}: the chunked form needs a sequence length of one symbol (plus a constant), got '${length}'`,
      );
    return { length, size, count: ceilDivDim(length, size), padded: ceilDivDim(length, size, size) };
  }
  if (length < 1) throw new ShapeError(`${label}: the chunked form needs at least one token, got 0`);
  const chunk = options.fitToLength ? Math.min(size, length) : size;
  const count = Math.ceil(length / chunk);
  return { length, size: chunk, count, padded: count * chunk };
}

/** [b, h, n, d] -> [b, h, chunks, size, d], padding the tail with `fill` (keys of -inf weigh nothing). */
export function toChunks(b: GraphBuilder, x: Value, plan: ChunkPlan, fill = 0): Value {
  let padded = x;
  if (typeof plan.length === 'number') {
    const tail = (plan.padded as number) - plan.length;
    if (tail > 0) padded = b.padAxis(x, 2, 0, tail, fill);
  } else if (plan.size > 1) {
    padded = b.slice(b.padAxis(x, 2, 0, plan.size - 1, fill), [2], [0], [plan.padded]);
  }
  return b.reshape(padded, [x.dim(0), x.dim(1), plan.count, plan.size, x.dim(3)]);
}

/** [b, h, chunks, size, w] -> [b, h, n, w], dropping the padding. */
export function fromChunks(b: GraphBuilder, x: Value, plan: ChunkPlan): Value {
  const flat = b.reshape(x, [x.dim(0), x.dim(1), plan.padded, x.dim(4)]);
  return plan.padded !== plan.length ? b.slice(flat, [2], [0], [plan.length]) : flat;
}
