import { ShapeError } from '../../errors.js';
import type { GraphBuilder, Value } from '../../ir/builder.js';
import { formatShape } from '../../ir/shape.js';
import type { AttentionInputs, StateValues } from '../mechanism.js';
import { checkHeinsenInputs } from './check-inputs.js';
import { asScaledState, scaledStateValues } from './scaled-state.js';
import { combineScaled, outputOf, readScaled, withOnesColumn } from './scaled-sums.js';

/**
 * One token (inputs [b, h, 1, d]): keyMax <- max(keyMax, k) and sums <- sums * exp(old max - new max)
 * + exp(k - new max) [v, 1]; then o = (f @ sums)[:d_v] / (f @ sums)[d_v] with f = exp(q + keyMax - R),
 * R = max_d (q_d + keyMax_d). Every factor is <= 1; O(d_k d_v) per token, no log or exp over the state.
 */
export function heinsenStep(
  b: GraphBuilder,
  state: StateValues,
  inputs: AttentionInputs,
): { readonly out: Value; readonly state: StateValues } {
  checkHeinsenInputs('step', inputs, true);
  const { q, k, v } = inputs;
  if (q.dim(2) !== 1)
    throw new ShapeError(`heinsen step: inputs must hold one token, got q ${formatShape(q.shape)}`);
  const [batch, heads, dk] = [q.dim(0), q.dim(1), q.dim(3)];
  const previous = asScaledState(b, state);
  // A single token is its own sums: exp(k_d - k_d) [v, 1] in every dim, the 1 being its norm.
  const token = {
    keyMax: k,
    sums: b.expand(withOnesColumn(b, v), [batch, heads, dk, (v.dim(3) as number) + 1]),
  };
  const next = combineScaled(b, previous, token);
  const scores = b.add(q, next.keyMax);
  const out = outputOf(b, readScaled(b, scores, next.sums));
  return { out, state: scaledStateValues(b, next) };
}
