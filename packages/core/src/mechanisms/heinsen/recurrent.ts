import { RankError, ShapeError } from '../../errors.js';
import type { GraphBuilder, Value } from '../../ir/builder.js';
import { formatShape } from '../../ir/shape.js';
import { Tensor } from '../../tensor/tensor.js';
import type { AttentionInputs, HeadDims, StateSpec, StateValues } from '../mechanism.js';
import { checkHeinsenInputs } from './check-inputs.js';
import { combineScaled, outputOf, readScaled, type ScaledSums, withOnesColumn } from './scaled-sums.js';

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

/**
 * The real-valued mechanism's state: keyMax [b, h, d_k] (largest key per dim, -inf when empty) and
 * sums [b, h, d_k, d_v + 1] (sum_j exp(k_jd - keyMax_d) [v_j, 1], 0 when empty).
 */
export function scaledStateSpecs(dims: HeadDims): StateSpec[] {
  return [
    { name: 'keyMax', dtype: 'float32', shape: [dims.batch, dims.heads, dims.dk] },
    { name: 'sums', dtype: 'float32', shape: [dims.batch, dims.heads, dims.dk, dims.dv + 1] },
  ];
}

export function emptyScaledState(batch: number, heads: number, dk: number, dv: number) {
  return {
    keyMax: Tensor.full([batch, heads, dk], Number.NEGATIVE_INFINITY),
    sums: Tensor.zeros([batch, heads, dk, dv + 1]),
  };
}

/** State values as ScaledSums: keyMax [b, h, 1, d_k], sums [b, h, d_k, d_v + 1]. */
export function asScaledState(b: GraphBuilder, state: StateValues): ScaledSums {
  const { keyMax, sums } = state;
  if (!keyMax || !sums || keyMax.rank !== 3 || sums.rank !== 4)
    throw new RankError(
      `heinsen: state must be keyMax [b, h, d_k] and sums [b, h, d_k, d_v + 1]; got ${Object.entries(state)
        .map(([name, v]) => `${name} ${formatShape(v.shape)}`)
        .join(', ')}`,
    );
  return { keyMax: b.reshape(keyMax, [keyMax.dim(0), keyMax.dim(1), 1, keyMax.dim(2)]), sums };
}

export function scaledStateValues(b: GraphBuilder, x: ScaledSums): StateValues {
  const [batch, heads, dk] = [x.sums.dim(0), x.sums.dim(1), x.sums.dim(-2)];
  return { keyMax: b.reshape(x.keyMax, [batch, heads, dk]), sums: x.sums };
}
