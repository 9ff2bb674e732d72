import type { GraphBuilder, Value } from '../../ir/builder.js';
import { tokenCount } from '../linear/normalizer.js';
import { decayPowers, tokensAfter } from './decay.js';

/**
 * The state after the tokens of k, v: S_n = gamma^n S_0 + sum_t gamma^(n-1-t) k_t^T v_t, as one
 * matmul over the whole sequence (k [b, h, n, dk], v [b, h, n, dv] -> [b, h, dk, dv]). Keys are
 * not scaled: the scale belongs to the query, so every form's state is the recurrence's S.
 */
export function sequenceState(b: GraphBuilder, logGamma: Value, k: Value, v: Value, initial?: Value): Value {
  const n = k.dim(2);
  const weights = decayPowers(b, logGamma, b.reshape(tokensAfter(b, n), [n, 1]));
  const S = b.matmul(b.transposeLast2(b.mul(k, weights)), v);
  if (!initial) return S;
  // gamma^n, with n counted in-graph when it is symbolic.
  const length = typeof n === 'number' ? b.scalar(n) : tokenCount(b, n);
  return b.add(S, b.mul(initial, decayPowers(b, logGamma, length)));
}
