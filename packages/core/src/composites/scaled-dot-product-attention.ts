import type { GraphBuilder, Value } from '../ir/builder.js';
import type { CompositeAttrs } from '../ir/ops.js';
import type { Dim } from '../ir/shape.js';

/**
 * softmax(q k^T * scale) v over q [b, h, n_q, dk], k [b, h, n_k, dk], v [b, h, n_k, dv]; with `causal`
 * (which needs n_q = n_k) query i sees keys 0..i. One node, so a backend with a fused attention kernel
 * (ORT's MultiHeadAttention) can run it without the n_q x n_k scores ever reaching memory.
 */
export function scaledDotProductAttention(
  b: GraphBuilder,
  q: Value,
  k: Value,
  v: Value,
  attrs: CompositeAttrs['ScaledDotProductAttention'],
): Value {
  return b.node('ScaledDotProductAttention', [q, k, v], { scale: attrs.scale, causal: attrs.causal });
}

/**
 * Rows of queries per block of the causal decomposition; see causalQueryBlocks.
 */
const CAUSAL_BLOCK_ROWS = 128;
const MAX_CAUSAL_BLOCKS = 4;

/**
 * How many blocks of query rows a causal decomposition of `n` queries splits into: block i sees only
 * the keys up to its last row, so B blocks compute (B + 1) / 2B of the n x n scores (4 blocks: 62.5%)
 * in the forward and the backward pass alike. Short sequences (and symbolic n) stay one block, where
 * the extra slices and matmuls would cost more than the skipped scores.
 */
export function causalQueryBlocks(n: Dim): number {
  if (typeof n !== 'number') return 1;
  return Math.max(1, Math.min(MAX_CAUSAL_BLOCKS, Math.floor(n / CAUSAL_BLOCK_ROWS)));
}

/**
 * Score matrices through the Softmax composite, so autodiff uses Softmax's own rule
 * (s * (g - sum(g s)): four passes over the scores) rather than differentiating the max shift, the
 * empty-row guard and the division (about twenty passes). The scale goes on q ([n, dk], not [n, n])
 * and the causal mask is added as 0 / -inf, whose gradient is the identity rather than another Where
 * over the scores. Rows are never all -inf (`finiteRows`): causal needs n_q = n_k, so the diagonal
 * is seen. Causal attention over a concrete length runs in blocks of query rows
 * (causalQueryBlocks), each against the keys it can see.
 */
export function decomposeScaledDotProductAttention(
  b: GraphBuilder,
  [q, k, v]: readonly Value[],
  { scale, causal }: CompositeAttrs['ScaledDotProductAttention'],
): Value {
  const scaled = b.mul(q!, scale);
  if (!causal)
    return b.matmul(b.softmax(b.matmul(scaled, b.transposeLast2(k!)), -1, { finiteRows: true }), v!);
  const n = q!.dim(2);
  const blocks = causalQueryBlocks(n);
  if (blocks === 1) return causalBlock(b, scaled, k!, v!, 0, n);
  const length = n as number;
  const outs: Value[] = [];
  for (let i = 0; i < blocks; i++) {
    const start = Math.floor((i * length) / blocks);
    const end = Math.floor(((i + 1) * length) / blocks);
    const rows = b.slice(scaled, [2], [start], [end]);
    const seen = (x: Value) => (end === length ? x : b.slice(x, [2], [0], [end]));
    outs.push(causalBlock(b, rows, seen(k!), seen(v!), start, end));
  }
  return b.concat(outs, 2);
}

/** Queries start..end-1 (already scaled) against keys 0..end-1: query start + i sees keys 0..start + i. */
function causalBlock(b: GraphBuilder, q: Value, k: Value, v: Value, start: number, end: Dim): Value {
  const scores = b.matmul(q, b.transposeLast2(k));
  const rows = q.dim(2);
  const query = b.reshape(start === 0 ? b.iota(rows) : b.add(b.iota(rows), start), [rows, 1]);
  const key = b.reshape(b.iota(end), [1, end]);
  const mask = b.where(b.greaterEqual(query, key), 0, Number.NEGATIVE_INFINITY);
  return b.matmul(b.softmax(b.add(scores, mask), -1, { finiteRows: true }), v);
}
