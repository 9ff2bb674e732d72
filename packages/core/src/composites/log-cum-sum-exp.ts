import type { GraphBuilder, Value } from '../ir/builder.js';
import type { CompositeAttrs } from '../ir/ops.js';
import { ceilDivDim, type Dim, parseSymbolicDim } from '../ir/shape.js';
import { logAddExpPrimitive } from './log-add-exp.js';
import { decomposeLogSumExp } from './log-sum-exp.js';
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
  const length = x.shape[axis]!;
  if (typeof length !== 'number') return symbolicLogCumSumExp(b, x, axis, length, attrs);
  const n = length;
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

/** Tokens per block of the scan over a symbolic length: the in-block scan is log2 of it levels. */
export const SYMBOLIC_SCAN_BLOCK = 32;

const NEG_INF = Number.NEGATIVE_INFINITY;

/**
 * The scan over a symbolic length n, where the number of doubling levels is unknown when the graph is
 * built: padded in-graph (with -inf, which adds nothing) to blocks of SYMBOLIC_SCAN_BLOCK, scanned
 * inside each block by the levels above, and each block offset by the logsumexp of every earlier
 * block's total, read from a [blocks, blocks] strictly-lower mask. Every logaddexp and logsumexp is
 * max-shifted, so this is exact like the concrete scan; it costs O(n B + (n / B)^2) per row. A chunk
 * count is scanned by an [n, n] mask instead (maskedLogCumSumExp).
 */
function symbolicLogCumSumExp(
  b: GraphBuilder,
  input: Value,
  axis: number,
  n: Dim,
  attrs: CompositeAttrs['LogCumSumExp'],
): Value {
  const size = SYMBOLIC_SCAN_BLOCK;
  const [pre, post] = [input.shape.slice(0, axis), input.shape.slice(axis + 1)];
  const { divisor, scale } = parseSymbolicDim(n as string);
  if (divisor !== 1 || scale !== 1) return maskedLogCumSumExp(b, input, axis, n, attrs);
  const [blocks, padded] = [ceilDivDim(n, size), ceilDivDim(n, size, size)];
  const reverse = attrs.reverse ? reversedIndices(b, n) : undefined;
  let x = reverse ? b.gather(input, reverse, axis) : input;
  x = b.slice(b.padAxis(x, axis, 0, size - 1, NEG_INF), [axis], [0], [padded]);
  const within = decomposeLogCumSumExp(b, [b.reshape(x, [...pre, blocks, size, ...post])], {
    axis: axis + 1,
    exclusive: false,
    reverse: false,
  });
  // Block totals as [..., 1, blocks, ...]: row c of the mask keeps blocks c' < c.
  const totals = b.reshape(b.slice(within, [axis + 1], [size - 1], [size]), [...pre, 1, blocks, ...post]);
  const ones = post.map(() => 1);
  const mask = b.reshape(
    b.greater(b.reshape(b.iota(blocks), [blocks, 1]), b.reshape(b.iota(blocks), [1, blocks])),
    [blocks, blocks, ...ones],
  );
  const before = decomposeLogSumExp(b, [b.where(mask, totals, NEG_INF)], {
    axes: [axis + 1],
    keepDims: true,
  });
  const scanned = logAddExpPrimitive(b, within, before);
  let out = b.slice(b.reshape(scanned, [...pre, padded, ...post]), [axis], [0], [n]);
  if (attrs.exclusive) out = b.slice(b.padAxis(out, axis, 1, 0, NEG_INF), [axis], [0], [n]);
  return reverse ? b.gather(out, reverse, axis) : out;
}

/**
 * A chunk count such as 'ceil(seq/64)' cannot be cut into blocks again, so it is scanned in one piece:
 * the logsumexp of each row of an [n, n] lower (strictly lower when exclusive) mask. O(n^2) per row,
 * for the chunk axes of chunked forms, where n is the sequence length over the chunk size.
 */
function maskedLogCumSumExp(
  b: GraphBuilder,
  input: Value,
  axis: number,
  n: Dim,
  attrs: CompositeAttrs['LogCumSumExp'],
): Value {
  const [pre, post] = [input.shape.slice(0, axis), input.shape.slice(axis + 1)];
  const reverse = attrs.reverse ? reversedIndices(b, n) : undefined;
  const x = reverse ? b.gather(input, reverse, axis) : input;
  const iota = b.iota(n);
  const row = b.reshape(iota, [n, 1]);
  const column = b.reshape(iota, [1, n]);
  const visible = attrs.exclusive ? b.greater(row, column) : b.greaterEqual(row, column);
  const mask = b.reshape(visible, [n, n, ...post.map(() => 1)]);
  const lines = b.where(mask, b.reshape(x, [...pre, 1, n, ...post]), NEG_INF);
  const out = b.reshape(decomposeLogSumExp(b, [lines], { axes: [axis + 1], keepDims: true }), input.shape);
  return reverse ? b.gather(out, reverse, axis) : out;
}
