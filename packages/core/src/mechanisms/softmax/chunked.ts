import type { GraphBuilder, Value } from '../../ir/builder.js';
import { causalMask } from '../common/causal-mask.js';
import { fromChunks, planChunks, toChunks } from '../common/chunks.js';
import type { AttentionInputs, FormOutput, StateValues } from '../mechanism.js';
import { appendToCache, type KvCache, kvCache } from './kv-cache.js';
import { type SoftmaxOptions, softmaxScale } from './options.js';
import { softmaxParallel } from './parallel.js';

/** Key chunk c - offset for every query chunk c (zeros where c < offset; those get masked). */
function shiftChunks(b: GraphBuilder, x: Value, offset: number, count: number): Value {
  if (offset === 0) return x;
  return b.slice(b.padAxis(x, 2, offset, 0), [2], [0], [count]);
}

/**
 * A scalar 0 computed from the previous step's running sum and accumulator, added to the next step's
 * keys and values. Nothing else orders the steps: every step's scores depend only on the inputs, and
 * ORT schedules by a depth-first walk back from the outputs, which computed every score block before
 * folding any in (3.2 GiB at n = 8192). Through this zero each step starts after the last one ended,
 * so one step's blocks are live at a time. The Where makes it exactly 0 whatever the values (even NaN).
 */
function afterStep(b: GraphBuilder, sum: Value, acc: Value): Value {
  const first = (x: Value) => b.slice(x, [0, 1, 2, 3, 4], [0, 0, 0, 0, 0], [1, 1, 1, 1, 1]);
  return b.where(b.greater(b.add(first(sum), first(acc)), 0), 0, 0);
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
 * score matrix is never formed, and afterStep keeps the runtime from forming it block by block. The
 * offset-0 step always sees the query's own key, so m is finite from the start and rescaling never
 * meets -inf - (-inf). From an initial KV cache, every cached key is
 * visible to every new query: one more online-softmax step over all of them, after the chunks.
 */
export function softmaxChunked(
  b: GraphBuilder,
  { q, k, v }: AttentionInputs,
  options: SoftmaxOptions & { readonly chunkSize: number; readonly initialState?: StateValues },
): FormOutput & { readonly state: StateValues } {
  const plan = planChunks('softmax', q.dim(2), options.chunkSize);
  // The flash-style loop unrolls one step per chunk offset, so it needs the chunk count when the graph
  // is built. A symbolic length runs the causal parallel form: the same attention, with [n, n] scores.
  if (typeof plan.count !== 'number') {
    const { out, state } = softmaxParallel(b, { q, k, v }, { ...options, causal: true });
    return { out, state: state ?? { key: k, value: v } };
  }
  const count = plan.count;
  const padded = plan.padded as number;
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
  for (let offset = 1; offset < count; offset++) {
    const barrier = afterStep(b, sum, acc);
    const keys = shiftChunks(b, b.add(K, barrier), offset, count);
    const values = shiftChunks(b, b.add(V, barrier), offset, count);
    const scores = b.where(
      chunkExists(b, offset, count),
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
  if (!options.initialState)
    return { out: fromChunks(b, b.div(acc, sum), plan), state: { key: k, value: v } };
  const cache = kvCache(options.initialState, q, v);
  const [batch, heads] = [q.dim(0), q.dim(1)];
  const flat = (x: Value) => b.reshape(x, [batch, heads, padded, x.dim(4)]);
  const merged = withPast(b, b.reshape(Q, [batch, heads, padded, q.dim(3)]), cache, v, {
    max: flat(max),
    sum: flat(sum),
    acc: flat(acc),
  });
  const out = b.slice(b.div(merged.acc, merged.sum), [2], [0], [plan.length]);
  return { out, state: appendToCache(b, cache, k, v) };
}

/**
 * Merges the cached keys into each query row's online softmax (max, sum, acc), at rank 4 so no
 * tensor the size of the cache is reshaped (a runtime length of 0 would read as "copy" to ONNX's
 * Reshape). Every reduction and matmul also takes one column or row that is never empty, so an empty
 * cache (past = 0) reduces nothing on its own: the new part's max, and a zero-weight, zero-value key.
 */
function withPast(
  b: GraphBuilder,
  scaledQueries: Value,
  cache: KvCache,
  v: Value,
  running: { readonly max: Value; readonly sum: Value; readonly acc: Value },
): { readonly sum: Value; readonly acc: Value } {
  const scores = b.matmul(scaledQueries, b.transposeLast2(cache.key));
  const max = b.reduceMax(b.concat([scores, running.max], 3), [-1], true);
  const weights = b.exp(b.sub(scores, max));
  const rescale = b.exp(b.sub(running.max, max));
  const sum = b.reduceSum(b.concat([weights, b.mul(running.sum, rescale)], 3), [-1], true);
  const zeroWeight = b.mul(running.max, 0);
  const zeroValue = b.mul(b.slice(v, [2], [0], [1]), 0);
  const past = b.matmul(b.concat([weights, zeroWeight], 3), b.concat([cache.value, zeroValue], 2));
  return { sum, acc: b.add(b.mul(running.acc, rescale), past) };
}
