import type { GraphBuilder, Value } from '../../ir/builder.js';
import { stateParts } from '../initial-state.js';
import type { AttentionInputs, StateValues } from '../mechanism.js';
import type { LlnScaleValues } from './moment-matching.js';

/**
 * The state of earlier tokens: S [b, h, d_k, d_v] and z [b, h, 1, d_k] relative to their running max
 * m [b, h, 1, 1] (-inf before any token), and the scales alpha, beta [b, h, 1, 1] they were made with.
 */
export interface LlnInitialState {
  readonly S: Value;
  readonly z: Value;
  readonly m: Value;
  readonly scales: LlnScaleValues;
}

/**
 * Reads an initial state. Its alpha and beta are the scales the continuation uses (README.md, "alpha
 * and beta when continuing from a state"): keys before and after the split must share one scale.
 */
export function llnInitialStateValues(state: StateValues): LlnInitialState {
  const { S, z, m, alpha, beta } = stateParts('lln', state, ['S', 'z', 'm', 'alpha', 'beta'] as const);
  return { S, z, m, scales: { alpha, beta } };
}

/**
 * exp(m0 - m): how much the earlier sums weigh relative to a running max m >= m0. 0 for an empty
 * state (m0 = -inf), also where m is still -inf itself (exp(-inf - -inf) would be NaN).
 */
export function pastWeight(b: GraphBuilder, m0: Value, m: Value): Value {
  const none = Number.NEGATIVE_INFINITY;
  return b.exp(b.where(b.equal(m0, none), none, b.sub(m0, m)));
}

/**
 * The state before any token as graph values (S, z = 0, m = -inf), carrying `scales`: where a chunked
 * graph runs in sequence groups, the first group continues from it, so the scales measured once over
 * the whole sequence reach every group through the states (README.md, "Sequence groups").
 */
export function llnEmptyStateValues(
  b: GraphBuilder,
  { q, v }: AttentionInputs,
  scales: LlnScaleValues,
): StateValues {
  const [batch, heads, dk, dv] = [q.dim(0), q.dim(1), q.dim(3), v.dim(3)];
  const head = [batch, heads, 1, 1];
  return {
    S: b.expand(b.scalar(0), [batch, heads, dk, dv]),
    z: b.expand(b.scalar(0), [batch, heads, 1, dk]),
    m: b.expand(b.scalar(Number.NEGATIVE_INFINITY), head),
    alpha: b.expand(scales.alpha, head),
    beta: b.expand(scales.beta, head),
  };
}
