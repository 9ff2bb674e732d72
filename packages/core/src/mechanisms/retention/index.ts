import type { Mechanism } from '../mechanism.js';
import { registerMechanism } from '../registry.js';
import { retentionChunked } from './chunked.js';
import { retentionCost } from './cost.js';
import { retentionNaive } from './naive.js';
import { defaultGammas, type RetentionOptions, retentionScale } from './options.js';
import { retentionParallel, retentionWeights } from './parallel.js';
import { retentionInitialState, retentionStateSpecs, retentionStep } from './recurrent.js';

export type { RetentionOptions } from './options.js';

/**
 * Retention (RetNet, Sun et al. 2023): linear attention with a fixed decay gamma_h per head,
 * S_t = gamma_h S_{t-1} + k_t^T v_t, o_t = s q_t S_t, s = 1/sqrt(d_k). No normalizer: RetNet applies
 * GroupNorm to the heads' outputs afterwards, outside the mechanism. See README.md.
 */
export const retentionAttention: Mechanism<RetentionOptions> = {
  name: 'retention',
  cost: retentionCost,
  defaultOptions: {},
  naive: retentionNaive,
  attentionMatrix: retentionWeights,
  // The gated rule S_t = exp(g_t) S_{t-1} + k_t v_t^T with g_t = log gamma_h for every token, and the
  // op's default scale 1/sqrt(d_k) (README.md, "Peer").
  peers: {
    linearAttention: {
      updateRule: 'gated',
      featureMap: 'identity',
      eps: 0,
      normalizer: 'none',
      logDecay: (heads) => defaultGammas(heads).map(Math.log),
      scale: (dk) => retentionScale({}, dk),
    },
  },
  parallel: retentionParallel,
  chunked: retentionChunked,
  continuesFromState: true,
  sequenceGroups: true,
  parallelContinuesFromState: true,
  stateSpecs: retentionStateSpecs,
  initialState: retentionInitialState,
  step: retentionStep,
};

registerMechanism(retentionAttention);
