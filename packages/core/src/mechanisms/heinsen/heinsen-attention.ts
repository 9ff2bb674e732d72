import type { Mechanism } from '../mechanism.js';
import { heinsenChunked } from './scaled-chunked.js';
import { heinsenParallel } from './scaled-parallel.js';
import { emptyScaledState, scaledStateSpecs } from './scaled-state.js';
import { heinsenStep } from './scaled-step.js';

/**
 * Heinsen (2024) softmax attention with constant cost per token, real-valued: o_i = sum_j w_ij v_j with
 * w_ij = exp(q_i).exp(k_j) / sum_j' exp(q_i).exp(k_j'), no 1/sqrt(d) scale, V of any sign. Computed in
 * real space against running per-dim key maxima (the log-space API is heinsen-log), exact for any
 * |q|, |k|. State: keyMax [b, h, d_k] and sums [b, h, d_k, d_v + 1]; see scaled-state.ts.
 */
export interface HeinsenOptions {
  /** Tokens per sequence group of the chunked form (default 2048); see HeinsenChunkedOptions. */
  readonly groupTokens?: number;
  /** Offer the chunked form's guarded fast path (default true); see HeinsenChunkedOptions. */
  readonly fastPath?: boolean;
}

export const heinsenAttention: Mechanism<HeinsenOptions> = {
  name: 'heinsen',
  cost: {
    parallelTime: 'O(n^2 (d_k + d_v)) causal, O((n_q + n_k) d_k d_v) non-causal',
    stepTime: 'O(d_k d_v)',
    stateSize: 'd_k (d_v + 2)',
  },
  defaultOptions: {},
  parallel: (b, inputs, options) => heinsenParallel(b, inputs, options),
  continuesFromState: true,
  chunked: (b, inputs, options) => heinsenChunked(b, inputs, options),
  stateSpecs: (dims) => scaledStateSpecs(dims),
  initialState: (dims) => emptyScaledState(dims.batch, dims.heads, dims.dk, dims.dv),
  step: (b, state, inputs) => heinsenStep(b, state, inputs),
};
