import type { GraphBuilder, Value } from '../../ir/builder.js';
import { causalMask } from '../common/causal-mask.js';
import { fromChunks, planChunks, toChunks } from '../common/chunks.js';
import type { StateValues } from '../mechanism.js';
import { checkedInitialState } from './kernel-initial-state.js';
import { type FeatureInputs, stateFromSums } from './kernel-state.js';
import { type Normalizer, runningCounts, tokenCount } from './normalizer.js';

/**
 * Causal chunked form, matmul-shaped: within a chunk the masked C x C quadratic form, across chunks
 * an exclusive cumulative sum over the chunk axis of the per-chunk f(K)^T V. Live memory is
 * O(n (dk + dv) + n C + (n / C) dk dv); nothing of size n dk dv is ever formed.
 */
export function kernelChunked(
  b: GraphBuilder,
  name: string,
  { fq, fk, v }: FeatureInputs,
  normalizer: Normalizer,
  chunkSize: number,
  initialState?: StateValues,
): { out: Value; state: StateValues } {
  const plan = planChunks(name, fq.dim(2), chunkSize);
  const Q = toChunks(b, fq, plan);
  const K = toChunks(b, fk, plan);
  const V = toChunks(b, v, plan);
  const intra = b.where(causalMask(b, plan.size), b.matmul(Q, b.transposeLast2(K)), 0);
  const chunkKV = b.matmul(b.transposeLast2(K), V);
  const [batch, heads, dk, dv] = [fq.dim(0), fq.dim(1), fq.dim(3), v.dim(3)];
  const initial = initialState && checkedInitialState(name, initialState, normalizer);
  // Earlier tokens enter as one more summand of every chunk's prefix, and of the final sums.
  let previousKV = b.cumSum(chunkKV, 2, { exclusive: true });
  if (initial) previousKV = b.add(previousKV, b.reshape(initial.S, [batch, heads, 1, dk, dv]));
  const numerator = b.add(b.matmul(intra, V), b.matmul(Q, previousKV));
  const chunkKSum = b.reduceSum(K, [3]);
  let out: Value;
  if (normalizer.kind === 'feature') {
    let previousK = b.cumSum(chunkKSum, 2, { exclusive: true });
    if (initial?.Z) previousK = b.add(previousK, b.reshape(initial.Z, [batch, heads, 1, dk]));
    const previousKColumn = b.reshape(previousK, [...previousK.shape, 1]);
    const denominator = b.add(
      b.add(b.reduceSum(intra, [-1], true), b.matmul(Q, previousKColumn)),
      normalizer.eps,
    );
    out = fromChunks(b, b.div(numerator, denominator), plan);
  } else if (normalizer.kind === 'count') {
    const counts = runningCounts(b, plan.length);
    out = b.div(fromChunks(b, numerator, plan), initial?.count ? b.add(counts, initial.count) : counts);
  } else {
    out = fromChunks(b, numerator, plan);
  }
  const plus = (sum: Value, start: Value | undefined) => (start ? b.add(sum, start) : sum);
  const state = stateFromSums(
    plus(b.reduceSum(chunkKV, [2]), initial?.S),
    () => plus(b.reduceSum(chunkKSum, [2]), initial?.Z),
    () => plus(tokenCount(b, plan.length), initial?.count),
    normalizer,
  );
  return { out, state };
}
