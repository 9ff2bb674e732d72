import type { GraphBuilder, Value } from '@constant-attention/core';
import { dense } from './dense.js';

/**
 * Heinsen's position embedding (generative_language_model.py, EmbedPosition; the log-linear recurrence
 * of arXiv 2311.06281): from x, a and b = split(dense(x)), and
 *   pos[t] = logaddexp(logsigmoid(a[t]) + pos[t-1], b[t]),  pos[-1] = `initial` (0 when absent).
 * Its state is one [batch, d] vector, so positions never cap the context.
 */
export interface RecurrentPositionParams {
  readonly weight: Value;
  readonly bias: Value;
}

function coefficients(b: GraphBuilder, x: Value, params: RecurrentPositionParams) {
  const d = x.dim(-1) as number;
  const ab = dense(b, x, params.weight, params.bias);
  const last = ab.rank - 1;
  const a = b.slice(ab, [last], [0], [d]);
  // logsigmoid(a) = -softplus(-a): softplus is stable for any a, and logsigmoid(0) is never log(0).
  const logCoeffs = b.neg(b.softplus(b.neg(a)));
  return { logCoeffs, logits: b.slice(ab, [last], [d], [2 * d]) };
}

/**
 * Whole sequence x [batch, n, d] -> x + pos, and pos[n-1] as [batch, d]. In closed form, with a* the
 * inclusive cumulative sum of the log coefficients: pos[t] = a*[t] + logaddexp(pos[-1],
 * LCSE_{s <= t}(b[s] - a*[s])). a* falls by about 0.7 a token, so over very long inputs its float32
 * rounding grows; long prompts go in pieces, each continuing from the last piece's state.
 */
export function recurrentPositionParallel(
  b: GraphBuilder,
  x: Value,
  params: RecurrentPositionParams,
  initial?: Value,
): { readonly out: Value; readonly state: Value } {
  const [batch, n, d] = [x.dim(0), x.dim(1), x.dim(2)];
  const { logCoeffs, logits } = coefficients(b, x, params);
  const aStar = b.cumSum(logCoeffs, 1);
  const scanned = b.logCumSumExp(b.sub(logits, aStar), 1);
  const start = initial ? b.reshape(initial, [batch, 1, d]) : b.scalar(0);
  const pos = b.add(aStar, b.logAddExp(start, scanned));
  // pos[n - 1]; for a symbolic n the index is the largest of an iota of length n.
  const last =
    typeof n === 'number'
      ? b.slice(pos, [1], [n - 1], [n])
      : b.gather(pos, b.reduceMax(b.iota(n), [0], true), 1);
  const state = b.reshape(last, [batch, d]);
  return { out: b.add(x, pos), state };
}

/** One token x [batch, 1, d] from pos[t-1] [batch, d]: x + pos[t], and pos[t]. */
export function recurrentPositionStep(
  b: GraphBuilder,
  x: Value,
  params: RecurrentPositionParams,
  previous: Value,
): { readonly out: Value; readonly state: Value } {
  const [batch, d] = [x.dim(0), x.dim(2)];
  const { logCoeffs, logits } = coefficients(b, x, params);
  const pos = b.logAddExp(b.add(logCoeffs, b.reshape(previous, [batch, 1, d])), logits);
  return { out: b.add(x, pos), state: b.reshape(pos, [batch, d]) };
}
