import type { GraphBuilder, Value } from '../../ir/builder.js';
import type { AttentionInputs, Mechanism } from '../mechanism.js';
import { heinsenLogChunked } from './log-chunked.js';
import type { HeinsenLogResult } from './log-inputs.js';
import { asLogState, emptyLogState, logStateSpecs } from './log-mechanism.js';
import { heinsenLogParallel } from './log-parallel.js';
import { heinsenLogStep } from './log-step.js';

/**
 * Signed V through the log-space core: attention is linear in V, so with V = V+ - V- (V+ = max(V, 0),
 * V- = max(-V, 0)) one log-space pass over [log V+, log V-] (2 d_v columns, one shared H_Z) gives
 * o = exp(log o+) - exp(log o-). Zeros become log 0 = -inf, which the core handles exactly.
 */
function splitSigns(b: GraphBuilder, inputs: AttentionInputs) {
  const positive = b.log(b.maximum(inputs.v, 0));
  const negative = b.log(b.maximum(b.neg(inputs.v), 0));
  return { q: inputs.q, k: inputs.k, logV: b.concat([positive, negative], 3) };
}

function recombine(b: GraphBuilder, result: HeinsenLogResult, dv: number) {
  const half = (from: number) => b.exp(b.slice(result.logOut, [3], [from], [from + dv]));
  return { out: b.sub(half(0), half(dv)), state: { ...result.state } };
}

const valueWidth = (v: Value) => v.dim(3) as number;

/**
 * Heinsen (2024) softmax attention with constant cost per token, real-valued: o_i = sum_j w_ij v_j with
 * w_ij = exp(q_i).exp(k_j) / sum_j' exp(q_i).exp(k_j'), no 1/sqrt(d) scale. State: logHZ [b, h, d_k]
 * and logHS [b, h, d_k, 2 d_v] (log-sums of the positive, then the negative parts of V), empty = -inf.
 */
export const heinsenAttention: Mechanism = {
  name: 'heinsen',
  cost: {
    parallelTime: 'O(n^2 (d_k + d_v)) causal, O(n_q n_k (d_k + d_v)) non-causal',
    stepTime: 'O(d_k d_v)',
    stateSize: 'd_k (2 d_v + 1)',
  },
  defaultOptions: {},
  parallel(b, inputs, options) {
    return recombine(b, heinsenLogParallel(b, splitSigns(b, inputs), options), valueWidth(inputs.v));
  },
  chunked(b, inputs, options) {
    return recombine(b, heinsenLogChunked(b, splitSigns(b, inputs), options), valueWidth(inputs.v));
  },
  stateSpecs: (dims) => logStateSpecs(dims, 2 * dims.dv),
  initialState: (dims) => emptyLogState(dims.batch, dims.heads, dims.dk, 2 * dims.dv),
  step(b, state, inputs) {
    return recombine(b, heinsenLogStep(b, asLogState(state), splitSigns(b, inputs)), valueWidth(inputs.v));
  },
};
