import type { GraphBuilder } from '../../ir/builder.js';
import { Tensor } from '../../tensor/tensor.js';
import type { AttentionInputs, HeadDims, Mechanism, StateSpec, StateValues } from '../mechanism.js';
import { heinsenLogChunked } from './log-chunked.js';
import type { HeinsenLogState } from './log-inputs.js';
import { heinsenLogParallel } from './log-parallel.js';
import { heinsenLogStep } from './log-step.js';

const COST = {
  parallelTime: 'O(n^2 (d_k + d_v)) causal, O(n_q n_k (d_k + d_v)) non-causal',
  stepTime: 'O(d_k d_v)',
  stateSize: 'd_k (d_v + 1)',
} as const;

export function logStateSpecs(dims: HeadDims, valueWidth: number): StateSpec[] {
  return [
    { name: 'logHZ', dtype: 'float32', shape: [dims.batch, dims.heads, dims.dk] },
    { name: 'logHS', dtype: 'float32', shape: [dims.batch, dims.heads, dims.dk, valueWidth] },
  ];
}

export function emptyLogState(batch: number, heads: number, dk: number, valueWidth: number) {
  return {
    logHZ: Tensor.full([batch, heads, dk], Number.NEGATIVE_INFINITY),
    logHS: Tensor.full([batch, heads, dk, valueWidth], Number.NEGATIVE_INFINITY),
  };
}

export function asLogState(state: StateValues): HeinsenLogState {
  return { logHZ: state.logHZ!, logHS: state.logHS! };
}

const logInputs = (inputs: AttentionInputs) => ({ q: inputs.q, k: inputs.k, logV: inputs.v });

/**
 * The log-space API as a Mechanism, so the generic form builders and runners drive it: its `v` input
 * is log V (entries may be -inf) and its `out` is log o. Not registered: its inputs and output are
 * logs, unlike every registered mechanism.
 */
export const heinsenLogMechanism: Mechanism = {
  name: 'heinsen-log',
  cost: COST,
  defaultOptions: {},
  logValues: true,
  parallel(b: GraphBuilder, inputs, options) {
    const r = heinsenLogParallel(b, logInputs(inputs), options);
    return { out: r.logOut, state: { ...r.state } };
  },
  continuesFromState: true,
  chunked(b, inputs, options) {
    const { initialState, chunkSize } = options;
    const r = heinsenLogChunked(b, logInputs(inputs), {
      chunkSize,
      ...(initialState ? { initialState: asLogState(initialState) } : {}),
    });
    return { out: r.logOut, state: { ...r.state } };
  },
  stateSpecs: (dims) => logStateSpecs(dims, dims.dv),
  initialState: (dims) => emptyLogState(dims.batch, dims.heads, dims.dk, dims.dv),
  step(b, state, inputs) {
    const r = heinsenLogStep(b, asLogState(state), logInputs(inputs));
    return { out: r.logOut, state: { ...r.state } };
  },
};
