import { type MechanismPeers, UNDECAYED_UPDATE_RULE } from '@constant-attention/core';

/**
 * PENDING, DELETE AT MERGE: heinsen's LinearAttention peer, moved here out of the bench's old peer table
 * and its "why slower" sentences until heinsen's own unit (packages/core/src/mechanisms/heinsen/, owned
 * by the heinsen split) declares it as `peers`. Nothing imports this file; the bench reads only
 * `mechanism.peers`, so heinsen has no peer rows until then.
 */
export const HEINSEN_PEERS_PENDING: MechanismPeers = {
  // w_ij = exp(q_i).exp(k_j), so f(x) = exp(x) and no eps; our state is log space, the peer's is the
  // real-space sum the logs stand for.
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
};
