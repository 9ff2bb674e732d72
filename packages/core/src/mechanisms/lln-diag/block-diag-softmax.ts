import type { GraphBuilder, Value } from '../../ir/builder.js';
import { causalMask } from '../common/causal-mask.js';
import { fromChunks, planChunks, toChunks } from '../common/chunks.js';

const NEG_INF = Number.NEGATIVE_INFINITY;

/**
 * Softmax attention softmax(q k^T / sqrt(d)) v restricted to consecutive blocks of blockSize tokens
 * (the last n mod blockSize tokens form one smaller block), causal inside blocks when asked. Padded to
 * whole blocks, which costs O(n * blockSize): when the graph is built for a concrete n, in-graph for a
 * symbolic one.
 */
export function blockDiagSoftmax(
  b: GraphBuilder,
  q: Value,
  k: Value,
  v: Value,
  blockSize: number,
  causal: boolean,
): Value {
  const scale = 1 / Math.sqrt(q.dim(3) as number);
  const n = q.dim(2);
  return typeof n === 'number'
    ? blocked(b, q, k, v, n, blockSize, scale, causal)
    : blockedInGraph(b, q, k, v, blockSize, scale, causal);
}

/**
 * The blocked form over a symbolic n: padded to whole blocks in-graph (common/chunks.ts), O(n
 * blockSize) like the concrete one. Causal rows never see the padding, which comes after every real
 * key; non-causal ones mask keys at positions >= n, counted in-graph. Every block holds a real key,
 * so no real row is all -inf.
 */
function blockedInGraph(
  b: GraphBuilder,
  q: Value,
  k: Value,
  v: Value,
  blockSize: number,
  scale: number,
  causal: boolean,
): Value {
  const plan = planChunks('lln-diag', q.dim(2), blockSize);
  let mask = causalMask(b, blockSize);
  if (!causal) {
    const count = b.add(b.reduceMax(b.iota(plan.length), [0]), 1);
    mask = b.less(b.reshape(b.iota(plan.padded), [plan.count, 1, blockSize]), count);
  }
  const scores = b.mul(b.matmul(toChunks(b, q, plan), b.transposeLast2(toChunks(b, k, plan))), scale);
  const weights = b.softmax(b.where(mask, scores, NEG_INF), -1);
  return fromChunks(b, b.matmul(weights, toChunks(b, v, plan)), plan);
}

function blocked(
  b: GraphBuilder,
  q: Value,
  k: Value,
  v: Value,
  n: number,
  blockSize: number,
  scale: number,
  causal: boolean,
): Value {
  const blocks = Math.ceil(n / blockSize);
  const split = (x: Value) =>
    b.reshape(b.padAxis(x, 2, 0, blocks * blockSize - n), [x.dim(0), x.dim(1), blocks, blockSize, x.dim(3)]);
  const visible: number[] = [];
  for (let block = 0; block < blocks; block++) {
    for (let i = 0; i < blockSize; i++) {
      for (let j = 0; j < blockSize; j++) {
        visible.push(block * blockSize + j < n && (!causal || j <= i) ? 1 : 0);
      }
    }
  }
  const mask = b.constant(visible, [blocks, blockSize, blockSize], 'bool');
  const scores = b.mul(b.matmul(split(q), b.transposeLast2(split(k))), scale);
  const weights = b.softmax(b.where(mask, scores, NEG_INF), -1);
  const out = b.matmul(weights, split(v));
  const flat = b.reshape(out, [q.dim(0), q.dim(1), blocks * blockSize, v.dim(3)]);
  return b.slice(flat, [2], [0], [n]);
}

function maskedWeights(
  b: GraphBuilder,
  q: Value,
  k: Value,
  blockSize: number,
  scale: number,
  causal: boolean,
): Value {
  const n = q.dim(2);
  const blockOf = b.div(b.iota(n), blockSize);
  let mask = b.equal(b.reshape(blockOf, [n, 1]), b.reshape(blockOf, [1, n]));
  if (causal) mask = b.and(mask, causalMask(b, n));
  const scores = b.mul(b.matmul(q, b.transposeLast2(k)), scale);
  return b.softmax(b.where(mask, scores, NEG_INF), -1);
}

/** The block-diagonal softmax as a full [b, h, n, n] matrix, for the instruments. */
export function blockDiagSoftmaxWeights(
  b: GraphBuilder,
  q: Value,
  k: Value,
  blockSize: number,
  causal: boolean,
): Value {
  return maskedWeights(b, q, k, blockSize, 1 / Math.sqrt(q.dim(3) as number), causal);
}
