import type { GraphBuilder, Value } from '../../ir/builder.js';
import { causalMask } from '../common/causal-mask.js';
import type { StateValues } from '../mechanism.js';
import { type FeatureInputs, stateFromSums } from './kernel-state.js';
import { type Normalizer, runningCounts, tokenCount } from './normalizer.js';

/**
 * Quadratic form: A = f(Q) f(K)^T (lower-triangular when causal), out = A V, normalized. It costs
 * O(n^2) like softmax, which is what training on short sequences wants; the chunked form is linear.
 */
export function kernelParallel(
  b: GraphBuilder,
  { fq, fk, v }: FeatureInputs,
  normalizer: Normalizer,
  causal: boolean,
): { out: Value; state?: StateValues } {
  let scores = b.matmul(fq, b.transposeLast2(fk));
  if (causal) scores = b.where(causalMask(b, fq.dim(2)), scores, 0);
  const numerator = b.matmul(scores, v);
  let out = numerator;
  if (normalizer.kind === 'feature') {
    out = b.div(numerator, b.add(b.reduceSum(scores, [-1], true), normalizer.eps));
  } else if (normalizer.kind === 'count') {
    out = b.div(numerator, causal ? runningCounts(b, fq.dim(2)) : tokenCount(b, fk.dim(2)));
  }
  if (!causal) return { out };
  const S = b.matmul(b.transposeLast2(fk), v);
  const state = stateFromSums(
    S,
    () => b.reduceSum(fk, [2]),
    () => tokenCount(b, fk.dim(2)),
    normalizer,
  );
  return { out, state };
}
