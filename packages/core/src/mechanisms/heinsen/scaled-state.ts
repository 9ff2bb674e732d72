import { RankError } from '../../errors.js';
import type { GraphBuilder } from '../../ir/builder.js';
import { formatShape } from '../../ir/shape.js';
import { Tensor } from '../../tensor/tensor.js';
import type { HeadDims, StateSpec, StateValues } from '../mechanism.js';
import type { ScaledSums } from './scaled-sums.js';

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
