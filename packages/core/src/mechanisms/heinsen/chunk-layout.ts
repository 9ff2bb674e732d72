import { InvalidArgumentError } from '../../errors.js';
import type { GraphBuilder, Value } from '../../ir/builder.js';

export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/**
 * Chunks of a causal sequence [b, h, n, d] (n concrete): `size` = min(chunkSize, n) tokens each, the
 * tail chunk padded with `fill` (keys of -inf weigh nothing), as [b, h, chunks, size, d].
 */
export function chunkLayout(b: GraphBuilder, q: Value, chunkSize: number) {
  if (!Number.isInteger(chunkSize) || chunkSize < 1)
    throw new InvalidArgumentError(`heinsen chunked: chunkSize must be a positive integer, got ${chunkSize}`);
  const n = q.dim(2) as number;
  const size = Math.min(chunkSize, n);
  const chunks = Math.ceil(n / size);
  const tail = chunks * size - n;
  const byChunk = (x: Value, fill: number) =>
    b.reshape(tail > 0 ? b.padAxis(x, 2, 0, tail, fill) : x, [x.dim(0), x.dim(1), chunks, size, x.dim(3)]);
  /** [b, h, chunks, size, w] back to [b, h, n, w]. */
  const unchunk = (x: Value) => {
    const flat = b.reshape(x, [x.dim(0), x.dim(1), chunks * size, x.dim(-1)]);
    return tail > 0 ? b.slice(flat, [2], [0], [n]) : flat;
  };
  return { n, size, chunks, byChunk, unchunk };
}
