import { getMechanism, InvalidArgumentError } from '@constant-attention/core';
import type { BenchArgs } from '../args/bench-args.js';
import type { TimingBudget } from '../measure/time-task.js';
import { FULL_BUDGET } from '../measure/time-task.js';
import { isLinearPeerMechanism } from './linear-attention-peer.js';

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
  /** Mechanisms compared with ONNX's Attention (they declare `peers.onnxAttention`). */
  readonly attention: readonly string[];
  /** Compared with com.microsoft.LinearAttention (they declare `peers.linearAttention`). */
  readonly linear: readonly string[];
}

/**
 * The peers run on onnxruntime-node's CPU provider next to our ort:cpu lowering, so ort:cpu is the
 * only backend; of the mechanisms, only those that declare a peer op (their unit's `peers`).
 */
export function peerPlan(args: BenchArgs): PeerPlan {
  const other = args.backends.find((b) => b.backend !== 'ort' || b.device !== 'cpu');
  if (other) {
    throw new InvalidArgumentError(
      `peers: runs on onnxruntime-node CPU only (--backends ort:cpu), got ${other.backend}:${other.device}`,
    );
  }
  const attention = args.mechanisms.filter((m) => getMechanism(m).peers?.onnxAttention === true);
  const linear = args.mechanisms.filter(isLinearPeerMechanism);
  if (attention.length === 0 && linear.length === 0) {
    throw new InvalidArgumentError(
      `peers: none of --mechanisms ${args.mechanisms.join(',')} declares an ORT peer op (a mechanism's \`peers\`)`,
    );
  }
  return {
    lengths: args.lengths ?? (args.quick ? QUICK_PEER_LENGTHS : FULL_PEER_LENGTHS),
    budget: args.quick ? QUICK_PEER_BUDGET : FULL_BUDGET,
    attention,
    linear,
  };
}
