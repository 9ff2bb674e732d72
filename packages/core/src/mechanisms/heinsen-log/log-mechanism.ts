import type { GraphBuilder } from '../../ir/builder.js';
import { heinsenAttention } from '../heinsen/heinsen-attention.js';
import type { AttentionInputs, Mechanism } from '../mechanism.js';
import { heinsenLogChunked } from './chunked.js';
import { heinsenLogCost } from './cost.js';
import { heinsenLogNaive } from './naive.js';
import { heinsenLogParallel } from './parallel.js';
import { asLogState, emptyLogState, heinsenLogStep, logStateSpecs } from './recurrent.js';

const logInputs = (inputs: AttentionInputs) => ({ q: inputs.q, k: inputs.k, logV: inputs.v });

/**
 * The log-space API as a Mechanism, so the generic form builders and runners drive it: its `v` input
 * is log V (entries may be -inf) and its `out` is log o. Not registered: its inputs and output are
 * logs, unlike every registered mechanism.
 */
export const heinsenLogMechanism: Mechanism = {
  name: 'heinsen-log',
  cost: heinsenLogCost,
  defaultOptions: {},
  logValues: true,
  naive: (b, inputs, options) => heinsenLogNaive(b, logInputs(inputs), options),
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

/**
 * The registered mechanism whose attention weights this log-space API computes, w_ij proportional to
 * exp(q_i) . exp(k_j) in real space: a log-space model's matrix is read with that mechanism's probes
 * (the research package's instruments on heinsen-lm).
 */
export const heinsenLogWeightsMechanism: Mechanism = heinsenAttention as Mechanism;
