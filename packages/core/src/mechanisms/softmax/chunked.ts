import type { GraphBuilder, Value } from '../../ir/builder.js';
import { causalMask } from '../common/causal-mask.js';
import { fromChunks, planChunks, toChunks } from '../common/chunks.js';
import type { AttentionInputs, FormOutput, StateValues } from '../mechanism.js';
import { type SoftmaxOptions, softmaxScale } from './options.js';

/** Key chunk c - offset for every query chunk c (zeros where c < offset; those get masked). */
function shiftChunks(b: GraphBuilder, x: Value, offset: number, count: number): Value {
  if (offset === 0) return x;
  return b.slice(b.padAxis(x, 2, offset, 0), [2], [0], [count]);
}

/** [count, 1, 1] bool: query chunk c has a key chunk at c - offset. */
function chunkExists(b: GraphBuilder, offset: number, count: number): Value {
  const valid = Array.from({ length: count }, (_, c) => (c >= offset ? 1 : 0));
  return b.constant(valid, [count, 1, 1], 'bool');
}

/**
 * Causal, flash-style: query chunk c visits key chunks c, c-1, ..., 0, keeping a running max m, sum l
 * and accumulator per query row (online softmax). All query chunks take the same diagonal offset at
 * once, so each step is one batched [C x C] matmul and live memory is O(n C + n (dk + dv)); the n x n
 * score matrix is never formed. The offset-0 step always sees the query's own key, so m is finite
 * from the start and rescaling never meets -inf - (-inf).
 */
export function softmaxChunked(
  b: GraphBuilder,
  { q, k, v }: AttentionInputs,
  options: SoftmaxOptions & { readonly chunkSize: number },
): FormOutput & { readonly state: StateValues } {
  const plan = planChunks('softmax', q.dim(2), options.chunkSize);
  const Q = b.mul(toChunks(b, q, plan), softmaxScale(options, q));
  const K = toChunks(b, k, plan);
  const V = toChunks(b, v, plan);
  const diagonal = b.where(
    causalMask(b, plan.size),
    b.matmul(Q, b.transposeLast2(K)),
    Number.NEGATIVE_INFINITY,
  );
  let max = b.reduceMax(diagonal, [-1], true);
  let weights = b.exp(b.sub(diagonal, max));
  let sum = b.reduceSum(weights, [-1], true);
  let acc = b.matmul(weights, V);
  for (let offset = 1; offset < plan.count; offset++) {
    const keys = shiftChunks(b, K, offset, plan.count);
    const values = shiftChunks(b, V, offset, plan.count);
    const scores = b.where(
      chunkExists(b, offset, plan.count),
      b.matmul(Q, b.transposeLast2(keys)),
      Number.NEGATIVE_INFINITY,
    );
    const nextMax = b.maximum(max, b.reduceMax(scores, [-1], true));
    const rescale = b.exp(b.sub(max, nextMax));
    weights = b.exp(b.sub(scores, nextMax));
    sum = b.add(b.mul(sum, rescale), b.reduceSum(weights, [-1], true));
    acc = b.add(b.mul(acc, rescale), b.matmul(weights, values));
    max = nextMax;
  }
  return { out: fromChunks(b, b.div(acc, sum), plan), state: { key: k, value: v } };
}
