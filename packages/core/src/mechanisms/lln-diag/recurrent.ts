import type { GraphBuilder, Value } from '../../ir/builder.js';
import { Tensor } from '../../tensor/tensor.js';
import { llnEmptyStateValues } from '../lln/initial-state.js';
import type { LlnScaleValues } from '../lln/moment-matching.js';
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

/** lln's empty state with these scales plus an empty block (fill 0), as graph values. */
export function llnDiagEmptyStateValues(
  b: GraphBuilder,
  inputs: AttentionInputs,
  scales: LlnScaleValues,
): StateValues {
  const [batch, heads, dk, dv] = [inputs.q.dim(0), inputs.q.dim(1), inputs.q.dim(3), inputs.v.dim(3)];
  return {
    ...llnEmptyStateValues(b, inputs, scales),
    blockKeys: b.expand(b.scalar(0), [batch, heads, dk, dk]),
    blockValues: b.expand(b.scalar(0), [batch, heads, dk, dv]),
    blockFill: b.expand(b.scalar(0), [batch, heads, 1, 1]),
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
