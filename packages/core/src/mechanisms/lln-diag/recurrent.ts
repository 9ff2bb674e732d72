import type { GraphBuilder, Value } from '../../ir/builder.js';
import { Tensor } from '../../tensor/tensor.js';
import type { LlnOptions } from '../lln/options.js';
import { llnInitialState, llnStateSpecs, llnStep } from '../lln/recurrent.js';
import type { AttentionInputs, HeadDims, StateSpec, StateValues } from '../mechanism.js';
import { blockDiagStep } from './block-state.js';

/** LLN's state plus the current diagonal block's keys and values: at most d tokens, so still constant. */
export function llnDiagStateSpecs(dims: HeadDims): StateSpec[] {
  return [
    ...llnStateSpecs(dims),
    { name: 'blockKeys', dtype: 'float32', shape: [dims.batch, dims.heads, dims.dk, dims.dk] },
    { name: 'blockValues', dtype: 'float32', shape: [dims.batch, dims.heads, dims.dk, dims.dv] },
    { name: 'blockFill', dtype: 'float32', shape: [dims.batch, dims.heads, 1, 1] },
  ];
}

export function llnDiagInitialState(
  dims: HeadDims & { readonly batch: number; readonly heads: number },
  options: LlnOptions,
): Record<string, Tensor> {
  const { batch, heads, dk, dv } = dims;
  return {
    ...llnInitialState('lln-diag', dims, options),
    blockKeys: Tensor.zeros([batch, heads, dk, dk]),
    blockValues: Tensor.zeros([batch, heads, dk, dv]),
    blockFill: Tensor.zeros([batch, heads, 1, 1]),
  };
}

export function llnDiagStep(
  b: GraphBuilder,
  state: StateValues,
  inputs: AttentionInputs,
  options: LlnOptions,
): { readonly out: Value; readonly state: StateValues } {
  const lln = llnStep(b, state, inputs, options);
  const { q, k, v } = inputs;
  const diag = blockDiagStep(b, state, q, k, v, q.dim(3) as number);
  return { out: b.mul(b.add(lln.out, diag.out), 0.5), state: { ...lln.state, ...diag.state } };
}
