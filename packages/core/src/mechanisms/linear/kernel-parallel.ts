import type { GraphBuilder, Value } from '../../ir/builder.js';
import { causalMask } from '../common/causal-mask.js';
import type { StateValues } from '../mechanism.js';
import { checkedInitialState } from './kernel-initial-state.js';
import { type FeatureInputs, stateFromSums } from './kernel-state.js';
import { type Normalizer, runningCounts, tokenCount } from './normalizer.js';

/**
 * Quadratic form: A = f(Q) f(K)^T (lower-triangular when causal), out = A V, normalized. It costs
 * O(n^2) like softmax, which is what training on short sequences wants; the chunked form is linear.
 * From an initial state (causal only) the earlier tokens' sums are one more summand of every row.
 */
export function kernelParallel(
  b: GraphBuilder,
  name: string,
  { fq, fk, v }: FeatureInputs,
  normalizer: Normalizer,
  causal: boolean,
  initialState?: StateValues,
): { out: Value; state?: StateValues } {
  const initial = initialState && checkedInitialState(name, initialState, normalizer);
  const plus = (sum: Value, start: Value | undefined) => (start ? b.add(sum, start) : sum);
  let scores = b.matmul(fq, b.transposeLast2(fk));
  if (causal) scores = b.where(causalMask(b, fq.dim(2)), scores, 0);
  const numerator = plus(b.matmul(scores, v), initial && b.matmul(fq, initial.S));
  let out = numerator;
  if (normalizer.kind === 'feature') {
    const keySum = b.reduceSum(scores, [-1], true);
    const pastKeys = initial?.Z && b.matmul(fq, b.reshape(initial.Z, [...initial.Z.shape, 1]));
    out = b.div(numerator, b.add(plus(keySum, pastKeys), normalizer.eps));
  } else if (normalizer.kind === 'count') {
    out = b.div(
      numerator,
      causal ? plus(runningCounts(b, fq.dim(2)), initial?.count) : tokenCount(b, fk.dim(2)),
    );
  }
  if (!causal) return { out };
  const S = plus(b.matmul(b.transposeLast2(fk), v), initial?.S);
  const state = stateFromSums(
    S,
    () => plus(b.reduceSum(fk, [2]), initial?.Z),
    () => plus(tokenCount(b, fk.dim(2)), initial?.count),
    normalizer,
  );
  return { out, state };
}
