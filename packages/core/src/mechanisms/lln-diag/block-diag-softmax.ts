import type { GraphBuilder, Value } from '../../ir/builder.js';
import { causalMask } from '../common/causal-mask.js';

const NEG_INF = Number.NEGATIVE_INFINITY;

/**
 * Softmax attention softmax(q k^T / sqrt(d)) v restricted to consecutive blocks of blockSize tokens
 * (the last n mod blockSize tokens form one smaller block), causal inside blocks when asked. A
 * concrete n is padded to whole blocks, which costs O(n * blockSize); a symbolic n falls back to an
 * [n, n] block mask.
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
    : masked(b, q, k, v, blockSize, scale, causal);
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

function masked(
  b: GraphBuilder,
  q: Value,
  k: Value,
  v: Value,
  blockSize: number,
  scale: number,
  causal: boolean,
): Value {
  return b.matmul(maskedWeights(b, q, k, blockSize, scale, causal), v);
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
