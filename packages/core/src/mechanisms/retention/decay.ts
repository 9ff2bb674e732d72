import type { GraphBuilder, Value } from '../../ir/builder.js';
import type { Dim } from '../../ir/shape.js';
import { causalMask } from '../common/causal-mask.js';

/** log gamma_h as a [1, heads, 1, 1] constant (heads = 1 when one gamma serves every head). */
export function logGammas(b: GraphBuilder, gammas: readonly number[]): Value {
  return b.constant(
    gammas.map((g) => Math.log(g)),
    [1, gammas.length, 1, 1],
  );
}

/**
 * gamma^e = exp(e log gamma) for exponents e >= 0 (any shape broadcasting against the log gammas).
 * Every power formed is <= 1, so nothing overflows however long the sequence; far-apart tokens
 * underflow to 0, which is their true weight in float32.
 */
export function decayPowers(b: GraphBuilder, logGamma: Value, exponents: Value): Value {
  return b.exp(b.mul(exponents, logGamma));
}

/**
 * The decay mask D [1, heads, n_q, n_k]: causal, gamma^(i - j) for j <= i and 0 above the
 * diagonal; non-causal, gamma^|i - j|. The exponent is clamped at 0 before exp so the masked
 * entries are exp(0), not exp of a positive number that could overflow in float32.
 */
export function decayMask(b: GraphBuilder, logGamma: Value, nq: Dim, nk: Dim, causal: boolean): Value {
  const i = b.reshape(b.iota(nq, 'float32'), [nq, 1]);
  const j = b.reshape(b.iota(nk, 'float32'), [1, nk]);
  const offset = b.sub(i, j);
  if (!causal) return decayPowers(b, logGamma, b.abs(offset));
  // Causal forms have n_q == n_k, so the one shared causal mask applies.
  return b.where(causalMask(b, nq), decayPowers(b, logGamma, b.maximum(offset, 0)), 0);
}

/** n - 1 - t for t = 0 .. n - 1, as [n]: how many tokens come after token t. Also for a symbolic n. */
export function tokensAfter(b: GraphBuilder, n: Dim): Value {
  if (typeof n === 'number')
    return b.constant(
      Array.from({ length: n }, (_, t) => n - 1 - t),
      [n],
    );
  const ones = b.add(b.mul(b.iota(n, 'float32'), 0), 1);
  return b.cumSum(ones, 0, { exclusive: true, reverse: true });
}
