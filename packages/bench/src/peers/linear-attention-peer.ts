import { getMechanism, InvalidArgumentError, type MechanismPeers } from '@constant-attention/core';
import type { PeerDims } from './peer-dims.js';
import type { PeerModel, PeerNode } from './peer-model.js';

export const LINEAR_ATTENTION_PEER = 'com.microsoft.LinearAttention';

/** What a mechanism declares in `peers.linearAttention` (core's mechanism unit). */
export type LinearAttentionPeer = NonNullable<MechanismPeers['linearAttention']>;

/** The mechanism's LinearAttention declaration; undefined when the op does not compute it. */
export function linearAttentionPeerOf(mechanism: string): LinearAttentionPeer | undefined {
  return getMechanism(mechanism).peers?.linearAttention;
}

export function isLinearPeerMechanism(name: string): boolean {
  return linearAttentionPeerOf(name) !== undefined;
}

function requirePeer(mechanism: string): LinearAttentionPeer {
  const peer = linearAttentionPeerOf(mechanism);
  if (!peer) throw new InvalidArgumentError(`mechanism '${mechanism}' declares no LinearAttention peer`);
  if (peer.updateRule === 'gated' && !peer.logDecay) {
    throw new InvalidArgumentError(`mechanism '${mechanism}': a 'gated' LinearAttention peer needs logDecay`);
  }
  return peer;
}

const constInts = (name: string, ints: readonly number[]): PeerNode => ({
  opType: 'Constant',
  inputs: [],
  outputs: [name],
  attributes: { value_ints: { ints } },
});
const constFloats = (name: string, floats: readonly number[]): PeerNode => ({
  opType: 'Constant',
  inputs: [],
  outputs: [name],
  attributes: { value_floats: { floats } },
});
const op = (opType: string, inputs: readonly string[], output: string): PeerNode => ({
  opType,
  inputs,
  outputs: [output],
});

function featureNodes(kind: LinearAttentionPeer['featureMap'], input: string): PeerNode[] {
  if (kind === 'identity') return [op('Identity', [input], `f_${input}`)];
  if (kind === 'exp') return [op('Exp', [input], `f_${input}`)];
  return [op('Elu', [input], `elu_${input}`), op('Add', [`elu_${input}`, 'one'], `f_${input}`)];
}

/**
 * `out = f(q) S / (f(q) . z + eps)` through com.microsoft.LinearAttention: the op only computes
 * `scale * q^T S_t` with S_t = S_{t-1} + k_t v_t^T (undecayed) or exp(g_t) S_{t-1} + k_t v_t^T ('gated',
 * g the op's log-space `decay` input [batch, t, heads], here each head's constant log gamma), so the
 * normalizer z rides along as an extra ones column of V (S becomes [d_k, d_v + 1]) and the division
 * happens after the op; a peer with normalizer 'none' has neither. Inputs q, k, v are
 * [batch, t, heads * d] (the op's packed layout; for t = 1 the same memory as our [batch, heads, 1, d]);
 * `past_state` [batch, heads, d_k, d_v (+ 1)] when `withPast`. Outputs `out` [batch, t, heads, d_v]
 * and `present_state`.
 */
export function linearAttentionPeerModel(
  mechanism: string,
  dims: PeerDims,
  t: number,
  withPast: boolean,
): PeerModel {
  const { batch, heads, dk, dv } = dims;
  const peer = requirePeer(mechanism);
  const normalized = (peer.normalizer ?? 'feature') === 'feature';
  const width = normalized ? dv + 1 : dv;
  const gated = peer.updateRule === 'gated';
  const values: PeerNode[] = normalized
    ? [
        constInts('v_heads_shape', [batch, t, heads, dv]),
        op('Reshape', ['v', 'v_heads_shape'], 'v_heads'),
        constInts('ones_shape', [batch, t, heads, 1]),
        op('Expand', ['one', 'ones_shape'], 'ones'),
        {
          opType: 'Concat',
          inputs: ['v_heads', 'ones'],
          outputs: ['v_ones_heads'],
          attributes: { axis: { int: -1 } },
        },
        constInts('v_packed_shape', [batch, t, heads * width]),
        op('Reshape', ['v_ones_heads', 'v_packed_shape'], 'v_in'),
      ]
    : [op('Identity', ['v'], 'v_in')];
  const decay: PeerNode[] = gated
    ? [
        constFloats('log_decay', peer.logDecay!(heads)),
        constInts('decay_shape', [batch, t, heads]),
        op('Expand', ['log_decay', 'decay_shape'], 'decay'),
      ]
    : [];
  const output: PeerNode[] = normalized
    ? [
        constInts('num_den_shape', [batch, t, heads, width]),
        op('Reshape', ['num_den_packed', 'num_den_shape'], 'num_den'),
        constInts('split', [dv, 1]),
        {
          opType: 'Split',
          inputs: ['num_den', 'split'],
          outputs: ['num', 'den'],
          attributes: { axis: { int: -1 } },
        },
        op('Add', ['den', 'eps'], 'den_eps'),
        op('Div', ['num', 'den_eps'], 'out'),
      ]
    : [constInts('out_shape', [batch, t, heads, dv]), op('Reshape', ['num_den_packed', 'out_shape'], 'out')];
  // Optional inputs are positional: an absent past_state before a decay is the empty name.
  const opInputs = [
    'f_q',
    'f_k',
    'v_in',
    ...(withPast ? ['past_state'] : gated ? [''] : []),
    ...(gated ? ['decay'] : []),
  ];
  const nodes: PeerNode[] = [
    constFloats('one', [1]),
    constFloats('eps', [peer.eps]),
    ...featureNodes(peer.featureMap, 'q'),
    ...featureNodes(peer.featureMap, 'k'),
    ...values,
    ...decay,
    {
      opType: 'LinearAttention',
      domain: 'com.microsoft',
      inputs: opInputs,
      outputs: ['num_den_packed', 'present_state'],
      attributes: {
        update_rule: { string: peer.updateRule },
        q_num_heads: { int: heads },
        kv_num_heads: { int: heads },
        scale: { float: peer.scale?.(dk) ?? 1 },
      },
    },
    ...output,
  ];
  const state = [batch, heads, dk, width];
  return {
    opsets: { '': 23, 'com.microsoft': 1 },
    nodes,
    inputs: {
      q: [batch, t, heads * dk],
      k: [batch, t, heads * dk],
      v: [batch, t, heads * dv],
      ...(withPast ? { past_state: state } : {}),
    },
    outputs: { out: [batch, t, heads, dv], present_state: state },
  };
}
