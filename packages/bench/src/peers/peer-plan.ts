import { InvalidArgumentError } from '@constant-attention/core';
import type { BenchArgs } from '../args/bench-args.js';
import type { TimingBudget } from '../measure/time-task.js';
import { FULL_BUDGET } from '../measure/time-task.js';
import { isLinearPeerMechanism, type LinearPeerMechanism } from './linear-attention-peer.js';

export const QUICK_PEER_LENGTHS = [512, 2048, 4096];
export const FULL_PEER_LENGTHS = [512, 1024, 2048, 4096, 8192];
/** Real prefix tokens behind a step's state (its shape, and so the step's work, does not depend on n). */
export const PEER_PREFIX_CAP = 1024;
/** Multi-second softmax forms at 4096 get 3 samples; sub-millisecond steps get hundreds in 300 ms. */
export const QUICK_PEER_BUDGET: TimingBudget = {
  iterations: 3,
  timeMs: 300,
  warmupIterations: 1,
  warmupMs: 0,
};

export interface PeerPlan {
  readonly lengths: readonly number[];
  readonly budget: TimingBudget;
  /** softmax is compared with ONNX's Attention. */
  readonly softmax: boolean;
  /** Compared with com.microsoft.LinearAttention. */
  readonly linear: readonly LinearPeerMechanism[];
}

/**
 * The peers run on onnxruntime-node's CPU provider next to our ort:cpu lowering, so ort:cpu is the
 * only backend; of the mechanisms, only those a peer op computes (softmax, linear-elu, heinsen).
 */
export function peerPlan(args: BenchArgs): PeerPlan {
  const other = args.backends.find((b) => b.backend !== 'ort' || b.device !== 'cpu');
  if (other) {
    throw new InvalidArgumentError(
      `peers: runs on onnxruntime-node CPU only (--backends ort:cpu), got ${other.backend}:${other.device}`,
    );
  }
  const softmax = args.mechanisms.includes('softmax');
  const linear = args.mechanisms.filter(isLinearPeerMechanism);
  if (!softmax && linear.length === 0) {
    throw new InvalidArgumentError(
      `peers: none of --mechanisms ${args.mechanisms.join(',')} has an ORT peer op (softmax, linear-elu, heinsen)`,
    );
  }
  return {
    lengths: args.lengths ?? (args.quick ? QUICK_PEER_LENGTHS : FULL_PEER_LENGTHS),
    budget: args.quick ? QUICK_PEER_BUDGET : FULL_BUDGET,
    softmax,
    linear,
  };
}
