import { InvalidArgumentError } from '../../errors.js';
import type { GraphBuilder, Value } from '../../ir/builder.js';
import { parallelInitialState } from '../initial-state.js';
import type { AttentionInputs, StateValues } from '../mechanism.js';
import { decayMatrix, prefixMax, queryFeatures } from './feature-maps.js';
import { type LlnInitialState, llnInitialStateValues, pastWeight } from './initial-state.js';
import { type LlnScaleValues, resolveScales } from './moment-matching.js';
import type { LlnOptions } from './options.js';

export interface LlnParallelParts {
  readonly out: Value;
  /** Q_i . sum_j K_j + eps, [batch, heads, n_q, 1] (the reference's S, eps included). */
  readonly denominator: Value;
  readonly scales: LlnScaleValues;
  /** Causal only: the recurrent state after the last token. */
  readonly state?: StateValues;
}

/**
 * The recurrent state after a whole sequence, whose running max is then the max over all of beta*k
 * (and the initial state's m0, whose sums are added rescaled to it).
 */
export function finalLlnState(
  b: GraphBuilder,
  scaledKeys: Value,
  v: Value,
  scales: LlnScaleValues,
  initial?: LlnInitialState,
): StateValues {
  const newMax = b.reduceMax(scaledKeys, [2, 3], true);
  const m = initial ? b.maximum(newMax, initial.m) : newMax;
  const keys = b.exp(b.sub(scaledKeys, m));
  const headShape = [v.dim(0), v.dim(1), 1, 1];
  let S = b.matmul(b.transposeLast2(keys), v);
  let z = b.reduceSum(keys, [2], true);
  if (initial) {
    const weight = pastWeight(b, initial.m, m);
    S = b.add(S, b.mul(weight, initial.S));
    z = b.add(z, b.mul(weight, initial.z));
  }
  return {
    S,
    z,
    m,
    alpha: b.expand(scales.alpha, headShape),
    beta: b.expand(scales.beta, headShape),
  };
}

/**
 * Non-causal: exactly the reference's LLNAttention (k shifted by its max over (n_k, d) per head).
 * Causal: key j is seen by query i with the running max m_i = max_{j' <= i} beta k_j' as its shift,
 * so no future key influences an output, not even through eps (README.md). From an initial state,
 * m0 enters every running max and the earlier sums reach query i scaled by exp(m0 - m_i) <= 1.
 */
export function llnParallelParts(
  b: GraphBuilder,
  { q, k, v }: AttentionInputs,
  options: LlnOptions & { readonly causal: boolean; readonly initialState?: StateValues },
): LlnParallelParts {
  const given = parallelInitialState('lln', options);
  const initial = given && llnInitialStateValues(given);
  const scales = initial?.scales ?? resolveScales(b, q, k, options.scales);
  const queries = queryFeatures(b, q, scales.alpha);
  const scaledKeys = b.mul(k, scales.beta);
  if (!options.causal) {
    const keys = b.exp(b.sub(scaledKeys, b.reduceMax(scaledKeys, [2, 3], true)));
    const keySum = b.reduceSum(keys, [2], true);
    const denominator = b.add(b.reduceSum(b.mul(queries, keySum), [3], true), options.eps);
    const kv = b.matmul(b.transposeLast2(keys), v);
    return { out: b.div(b.matmul(queries, kv), denominator), denominator, scales };
  }
  if (q.dim(2) !== k.dim(2)) {
    throw new InvalidArgumentError(
      `lln: causal attention needs n_q == n_k, got ${String(q.dim(2))} and ${String(k.dim(2))}`,
    );
  }
  const newMax = prefixMax(b, b.reduceMax(scaledKeys, [3], true));
  const runningMax = initial ? b.maximum(newMax, initial.m) : newMax;
  const keys = b.exp(b.sub(scaledKeys, runningMax));
  const weights = b.mul(b.matmul(queries, b.transposeLast2(keys)), decayMatrix(b, runningMax));
  let numerator = b.matmul(weights, v);
  let keySum = b.reduceSum(weights, [3], true);
  if (initial) {
    const weight = pastWeight(b, initial.m, runningMax);
    numerator = b.add(numerator, b.mul(weight, b.matmul(queries, initial.S)));
    keySum = b.add(keySum, b.mul(weight, b.reduceSum(b.mul(queries, initial.z), [3], true)));
  }
  const denominator = b.add(keySum, options.eps);
  return {
    out: b.div(numerator, denominator),
    denominator,
    scales,
    state: finalLlnState(b, scaledKeys, v, scales, initial),
  };
}
