import { ShapeError } from '../errors.js';
import type { GraphBuilder, Value } from '../ir/builder.js';
import { type Dim, formatShape } from '../ir/shape.js';

/** The number of indices as one Dim: concrete, or a single symbol with every other index dim 1. */
function indexCount(indices: Value): Dim {
  const symbols = indices.shape.filter((d) => typeof d === 'string');
  if (symbols.length === 0) return (indices.shape as number[]).reduce((p, d) => p * d, 1);
  if (symbols.length === 1 && indices.shape.every((d) => typeof d === 'string' || d === 1))
    return symbols[0]!;
  throw new ShapeError(
    `autodiff: Gather gradient needs indices whose element count is one dim, got ${formatShape(indices.shape)}`,
  );
}

/**
 * Scatter-add of the cotangent back to the gathered rows. There is no scatter primitive, so it is a
 * MatMul with a one-hot [K, n] matrix (K indices, n rows) built from Iota + Equal + Cast: O(K * n)
 * memory for the one-hot and O(K * n * rest) flops, where rest is the product of the other data dims.
 * Fine for the short reversal/permutation gathers the composites use; costly for large vocabularies.
 */
export function gatherVjp(b: GraphBuilder, data: Value, indices: Value, g: Value, axis: number): Value {
  const rank = data.rank;
  const a = axis < 0 ? axis + rank : axis;
  const rows = data.shape[a]!;
  const count = indexCount(indices);
  const flatIndices = b.reshape(indices, [count, 1]);
  const oneHot = b.cast(b.equal(flatIndices, b.reshape(b.iota(rows, 'int32'), [1, rows])), 'float32');
  // g is data[:a] + indices + data[a+1:]; fold the index dims into one axis at position a.
  const folded =
    indices.rank === 1 ? g : b.reshape(g, [...data.shape.slice(0, a), count, ...data.shape.slice(a + 1)]);
  // Move that axis last so one MatMul contracts it against the one-hot, batched over the rest.
  const axes = Array.from({ length: rank }, (_, i) => i);
  const indexLast = a === rank - 1 ? folded : b.transpose(folded, [...axes.filter((i) => i !== a), a]);
  if (rank === 1) return b.reshape(b.matmul(b.reshape(indexLast, [1, count]), oneHot), [rows]);
  const scattered = b.matmul(indexLast, oneHot);
  if (a === rank - 1) return scattered;
  return b.transpose(scattered, [...axes.slice(0, a), rank - 1, ...axes.slice(a, rank - 1)]);
}
