import { InvalidArgumentError } from '../../errors.js';
import type { GraphBuilder, Value } from '../../ir/builder.js';
import { Tensor } from '../../tensor/tensor.js';
import type { AttentionInputs, HeadDims, StateSpec, StateValues } from '../mechanism.js';
import { type RetentionOptions, retentionGammas, retentionScale } from './options.js';

/** S [b, h, dk, dv]: RetNet's S_n = sum_t gamma^(n-1-t) k_t^T v_t, one d_k x d_v matrix per head. */
export function retentionStateSpecs(dims: HeadDims): StateSpec[] {
  return [{ name: 'S', dtype: 'float32', shape: [dims.batch, dims.heads, dims.dk, dims.dv] }];
}

/** Zeros: the state before any token. Validates the options here too, where the head count is known. */
export function retentionInitialState(
  dims: HeadDims & { readonly batch: number; readonly heads: number },
  options: RetentionOptions,
): Record<string, Tensor> {
  retentionGammas(options, dims.heads);
  return { S: Tensor.zeros([dims.batch, dims.heads, dims.dk, dims.dv]) };
}

/** One token [b, h, 1, d]: S = gamma_h S + k^T v, then o = s q S. O(dk dv) whatever came before. */
export function retentionStep(
  b: GraphBuilder,
  state: StateValues,
  { q, k, v }: AttentionInputs,
  options: RetentionOptions,
): { out: Value; state: StateValues } {
  if (!state.S) throw new InvalidArgumentError(`retention: the state has no 'S'`);
  const gammas = retentionGammas(options, q.dim(1));
  const gamma = b.constant(gammas, [1, gammas.length, 1, 1]);
  const S = b.add(b.mul(state.S, gamma), b.matmul(b.transposeLast2(k), v));
  return { out: b.matmul(b.mul(q, retentionScale(options, q.dim(3))), S), state: { S } };
}
