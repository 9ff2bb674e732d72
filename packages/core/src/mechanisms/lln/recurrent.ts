import { InvalidArgumentError } from '../../errors.js';
import type { GraphBuilder, Value } from '../../ir/builder.js';
import { Tensor } from '../../tensor/tensor.js';
import type { AttentionInputs, HeadDims, StateSpec, StateValues } from '../mechanism.js';
import { queryFeatures } from './feature-maps.js';
import type { LlnOptions } from './options.js';

/**
 * S = sum_j exp(beta k_j - m) v_j^T and z = sum_j exp(beta k_j - m), both relative to the running
 * max m of beta*k; alpha and beta travel with the state so a decode continues with the scales its
 * prefix used.
 */
export function llnStateSpecs(dims: HeadDims): StateSpec[] {
  const head = [dims.batch, dims.heads, 1, 1];
  return [
    { name: 'S', dtype: 'float32', shape: [dims.batch, dims.heads, dims.dk, dims.dv] },
    { name: 'z', dtype: 'float32', shape: [dims.batch, dims.heads, 1, dims.dk] },
    { name: 'm', dtype: 'float32', shape: head },
    { name: 'alpha', dtype: 'float32', shape: head },
    { name: 'beta', dtype: 'float32', shape: head },
  ];
}

/** Empty sums with m = -inf; needs frozen scales because there is nothing yet to measure. */
export function llnInitialState(
  name: string,
  dims: HeadDims & { readonly batch: number; readonly heads: number },
  options: LlnOptions,
): Record<string, Tensor> {
  if (!options.scales) {
    throw new InvalidArgumentError(
      `${name}: the recurrent form needs frozen scales ({ scales: { alpha, beta } }) to start from an empty state; or continue from a parallel/chunked prefix's state`,
    );
  }
  const { batch, heads, dk, dv } = dims;
  const head = [batch, heads, 1, 1];
  // float64 storage keeps the scales exact on the reference interpreter; float32 backends round them.
  const filled = (value: number) => Tensor.float64(new Float64Array(batch * heads).fill(value), head);
  return {
    S: Tensor.zeros([batch, heads, dk, dv]),
    z: Tensor.zeros([batch, heads, 1, dk]),
    m: filled(Number.NEGATIVE_INFINITY),
    alpha: filled(options.scales.alpha),
    beta: filled(options.scales.beta),
  };
}

/**
 * One token. When the running max grows, S and z are rescaled by exp(m_old - m_new) <= 1 (0 from
 * the empty state), so every stored factor stays <= 1.
 */
export function llnStep(
  b: GraphBuilder,
  state: StateValues,
  { q, k, v }: AttentionInputs,
  options: LlnOptions,
): { readonly out: Value; readonly state: StateValues } {
  const { S, z, m, alpha, beta } = state as Record<'S' | 'z' | 'm' | 'alpha' | 'beta', Value>;
  const scaledKey = b.mul(k, beta);
  const newMax = b.maximum(m, b.reduceMax(scaledKey, [3], true));
  const rescale = b.exp(b.sub(m, newMax));
  const key = b.exp(b.sub(scaledKey, newMax));
  const nextS = b.add(b.mul(S, rescale), b.matmul(b.transposeLast2(key), v));
  const nextZ = b.add(b.mul(z, rescale), key);
  const query = queryFeatures(b, q, alpha);
  const denominator = b.add(b.reduceSum(b.mul(query, nextZ), [3], true), options.eps);
  return {
    out: b.div(b.matmul(query, nextS), denominator),
    state: { S: nextS, z: nextZ, m: newMax, alpha, beta },
  };
}
