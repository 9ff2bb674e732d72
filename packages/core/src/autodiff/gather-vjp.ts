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
 * Scatter-add of the cotangent back to the gathered rows: ScatterAdd into zeros, O(K * rest) work for
 * K indices (rest: the product of the other data dims), whatever the gathered axis's length. It used to
 * be a MatMul with a one-hot [K, n] matrix, O(K * n * rest): most of a training step's time for an
 * embedding over a large vocabulary.
 */
export function gatherVjp(b: GraphBuilder, data: Value, indices: Value, g: Value, axis: number): Value {
  const rank = data.rank;
  const a = axis < 0 ? axis + rank : axis;
  const count = indexCount(indices);
  const flatIndices = indices.rank === 1 ? indices : b.reshape(indices, [count]);
  // g is data[:a] + indices + data[a+1:]; fold the index dims into one axis at position a.
  const folded =
    indices.rank === 1 ? g : b.reshape(g, [...data.shape.slice(0, a), count, ...data.shape.slice(a + 1)]);
  if (a === 0) return b.scatterAdd(b.expand(b.scalar(0), data.shape), flatIndices, folded);
  // ScatterAdd works on axis 0: move the gathered axis first, scatter, and move it back.
  const others = Array.from({ length: rank }, (_, i) => i).filter((i) => i !== a);
  const front = b.transpose(folded, [a, ...others]);
  const zeros = b.expand(b.scalar(0), [data.shape[a]!, ...others.map((i) => data.shape[i]!)]);
  const scattered = b.scatterAdd(zeros, flatIndices, front);
  const back = Array.from({ length: rank }, (_, i) => (i < a ? i + 1 : i === a ? 0 : i));
  return b.transpose(scattered, back);
}
