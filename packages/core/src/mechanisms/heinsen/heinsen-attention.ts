import { UNDECAYED_UPDATE_RULE } from '../linear/linear-attention-op.js';
import type { Mechanism } from '../mechanism.js';
import { heinsenChunked } from './chunked.js';
import { fastPathGuardCases } from './conformance-cases.js';
import { heinsenCost } from './cost.js';
import { heinsenNaive } from './naive.js';
import { heinsenParallel } from './parallel.js';
import { emptyScaledState, heinsenStep, scaledStateSpecs } from './recurrent.js';

/**
 * Heinsen (2024) softmax attention with constant cost per token, real-valued: o_i = sum_j w_ij v_j with
 * w_ij = exp(q_i).exp(k_j) / sum_j' exp(q_i).exp(k_j'), no 1/sqrt(d) scale, V of any sign. Computed in
 * real space against running per-dim key maxima (the log-space API is in ../heinsen-log), exact for any
 * |q|, |k|. State: keyMax [b, h, d_k] and sums [b, h, d_k, d_v + 1]; see recurrent.ts.
 */
export interface HeinsenOptions {
  /** Tokens per sequence group of the chunked form (default 2048); see HeinsenChunkedOptions. */
  readonly groupTokens?: number;
  /** Offer the chunked form's guarded fast path (default true); see HeinsenChunkedOptions. */
  readonly fastPath?: boolean;
}

export const heinsenAttention: Mechanism<HeinsenOptions> = {
  name: 'heinsen',
  cost: heinsenCost,
  defaultOptions: {},
  naive: (b, inputs, options) => heinsenNaive(b, inputs, options),
  peers: {
    // w_ij = exp(q_i) . exp(k_j) is linear attention with the feature map exp and no eps; our state is
    // scaled by the running key max, the peer's is the real-space sum itself.
    linearAttention: {
      updateRule: UNDECAYED_UPDATE_RULE,
      featureMap: 'exp',
      eps: 0,
      extraWork: {
        chunked:
          "as whole 64 x 64 squares per segment against each segment's key max, behind a guard that falls back to exact dyadic levels for extreme magnitudes",
        recurrent: 'rescale by the new key max, add, read with a row-max shift',
      },
    },
  },
  conformance: {
    // Sequence groups (2048 tokens by default) are beyond any test length; 128 makes tests cross them.
    longSequence: { groupTokens: 128 },
    cases: fastPathGuardCases,
  },
  parallel: (b, inputs, options) => heinsenParallel(b, inputs, options),
  continuesFromState: true,
  sequenceGroups: true,
  parallelContinuesFromState: true,
  chunked: (b, inputs, options) => heinsenChunked(b, inputs, options),
  stateSpecs: (dims) => scaledStateSpecs(dims),
  initialState: (dims) => emptyScaledState(dims.batch, dims.heads, dims.dk, dims.dv),
  step: (b, state, inputs) => heinsenStep(b, state, inputs),
};
