import type { GraphBuilder, Value } from '../../ir/builder.js';
import type { AttentionInputs, FormOutput } from '../mechanism.js';
import { decayMask, logGammas } from './decay.js';
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
 * Causal runs also return the state S_n that the recurrent form would hold after the last token.
 */
export function retentionParallel(
  b: GraphBuilder,
  { q, k, v }: AttentionInputs,
  options: RetentionOptions & { readonly causal: boolean },
): FormOutput {
  const out = b.matmul(retentionWeights(b, q, k, options), v);
  if (!options.causal) return { out };
  const logGamma = logGammas(b, retentionGammas(options, q.dim(1)));
  return { out, state: { S: sequenceState(b, logGamma, k, v) } };
}
