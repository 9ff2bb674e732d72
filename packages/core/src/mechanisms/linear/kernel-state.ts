import type { Value } from '../../ir/builder.js';
import type { HeadDims, StateSpec, StateValues } from '../mechanism.js';
import type { Normalizer } from './normalizer.js';

/** Attention inputs after the feature map (fq, fk) and any per-token gate (folded into v). */
export interface FeatureInputs {
  readonly fq: Value;
  readonly fk: Value;
  readonly v: Value;
}

/**
 * State of every kernelized mechanism: S = sum_j f(k_j) v_j^T [b, h, dk, dv] (the transpose of the
 * paper's C = sum v k^T, so that a lookup is the plain row-vector product f(q) S), plus Z = sum_j f(k_j)
 * [b, h, dk] for the 'feature' normalizer, or the token count [1] for 'count'.
 */
export function kernelStateSpecs(dims: HeadDims, normalizer: Normalizer): StateSpec[] {
  const specs: StateSpec[] = [
    { name: 'S', dtype: 'float32', shape: [dims.batch, dims.heads, dims.dk, dims.dv] },
  ];
  if (normalizer.kind === 'feature') {
    specs.push({ name: 'Z', dtype: 'float32', shape: [dims.batch, dims.heads, dims.dk] });
  } else if (normalizer.kind === 'count') {
    specs.push({ name: 'count', dtype: 'float32', shape: [1] });
  }
  return specs;
}

/** The state a form returns, from sums it computed anyway. */
export function stateFromSums(
  S: Value,
  fkSum: () => Value,
  count: () => Value,
  normalizer: Normalizer,
): StateValues {
  if (normalizer.kind === 'feature') return { S, Z: fkSum() };
  if (normalizer.kind === 'count') return { S, count: count() };
  return { S };
}
