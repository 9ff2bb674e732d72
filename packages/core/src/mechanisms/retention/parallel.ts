import type { GraphBuilder, Value } from '../../ir/builder.js';
import { parallelInitialState, stateParts } from '../initial-state.js';
import type { AttentionInputs, FormOutput, StateValues } from '../mechanism.js';
import { decayMask, decayPowers, logGammas } from './decay.js';
import { type RetentionOptions, retentionGammas, retentionScale } from './options.js';
import { sequenceState } from './state.js';

/** The retention weights (s Q K^T) * D [b, h, n_q, n_k], D the decay mask (causal or |i - j|). */
export function retentionWeights(
  b: GraphBuilder,
  q: Value,
  k: Value,
  options: RetentionOptions & { readonly causal: boolean },
): Value {
  const logGamma = logGammas(b, retentionGammas(options, q.dim(1)));
  const scores = b.matmul(b.mul(q, retentionScale(options, q.dim(3))), b.transposeLast2(k));
  return b.mul(scores, decayMask(b, logGamma, q.dim(2), k.dim(2), options.causal));
}

/**
 * RetNet's parallel form, out = ((s Q K^T) * D) V: O(n^2) like softmax, with no normalizer.
 * Causal runs also return the state S_n that the recurrent form would hold after the last token, and
 * may continue from an initial state S_0: query i (0-based) also reads s q_i gamma^(i+1) S_0.
 */
export function retentionParallel(
  b: GraphBuilder,
  { q, k, v }: AttentionInputs,
  options: RetentionOptions & { readonly causal: boolean; readonly initialState?: StateValues },
): FormOutput {
  const initialState = parallelInitialState('retention', options);
  const within = b.matmul(retentionWeights(b, q, k, options), v);
  if (!options.causal) return { out: within };
  const logGamma = logGammas(b, retentionGammas(options, q.dim(1)));
  if (!initialState) return { out: within, state: { S: sequenceState(b, logGamma, k, v) } };
  const { S } = stateParts('retention', initialState, ['S']);
  const positions = b.reshape(b.add(b.iota(q.dim(2), 'float32'), 1), [q.dim(2), 1]);
  const fromPast = b.mul(
    b.matmul(b.mul(q, retentionScale(options, q.dim(3))), S),
    decayPowers(b, logGamma, positions),
  );
  return { out: b.add(within, fromPast), state: { S: sequenceState(b, logGamma, k, v, S) } };
}
