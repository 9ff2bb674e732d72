import type { PeerDims } from './peer-dims.js';
import type { PeerModel, PeerNode } from './peer-model.js';

export const LINEAR_ATTENTION_PEER = 'com.microsoft.LinearAttention';

/** Our mechanisms that LinearAttention (update_rule 'linear') computes, and each one's feature map. */
export const LINEAR_PEER_MECHANISMS = {
  // Katharopoulos: f(x) = elu(x) + 1, eps 1e-6 in the denominator (linear-elu's default).
  'linear-elu': { featureMap: 'elu+1', eps: 1e-6 },
  // Heinsen: w_ij = exp(q_i).exp(k_j), so f(x) = exp(x) and no eps; our state is log space, the
  // peer's is the real-space sum the logs stand for.
  heinsen: { featureMap: 'exp', eps: 0 },
} as const;
export type LinearPeerMechanism = keyof typeof LINEAR_PEER_MECHANISMS;

export function isLinearPeerMechanism(name: string): name is LinearPeerMechanism {
  return Object.hasOwn(LINEAR_PEER_MECHANISMS, name);
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

function featureNodes(kind: 'elu+1' | 'exp', input: string): PeerNode[] {
  if (kind === 'exp') return [op('Exp', [input], `f_${input}`)];
  return [op('Elu', [input], `elu_${input}`), op('Add', [`elu_${input}`, 'one'], `f_${input}`)];
}

/**
 * `out = f(q) S / (f(q) . z + eps)` through com.microsoft.LinearAttention: the op only computes
 * `scale * q^T S_t` with S_t = S_{t-1} + k_t v_t^T, so the normalizer z rides along as an extra
 * ones column of V (S becomes [d_k, d_v + 1]) and the division happens after the op.
 * Inputs q, k, v are [batch, t, heads * d] (the op's packed layout; for t = 1 the same memory as our
 * [batch, heads, 1, d]); `past_state` [batch, heads, d_k, d_v + 1] when `withPast`. Outputs
 * `out` [batch, t, heads, d_v] and `present_state`.
 */
export function linearAttentionPeerModel(
  mechanism: LinearPeerMechanism,
  dims: PeerDims,
  t: number,
  withPast: boolean,
): PeerModel {
  const { batch, heads, dk, dv } = dims;
  const { featureMap, eps } = LINEAR_PEER_MECHANISMS[mechanism];
  const nodes: PeerNode[] = [
    constFloats('one', [1]),
    constFloats('eps', [eps]),
    ...featureNodes(featureMap, 'q'),
    ...featureNodes(featureMap, 'k'),
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
    constInts('v_packed_shape', [batch, t, heads * (dv + 1)]),
    op('Reshape', ['v_ones_heads', 'v_packed_shape'], 'v_ones'),
    {
      opType: 'LinearAttention',
      domain: 'com.microsoft',
      inputs: ['f_q', 'f_k', 'v_ones', ...(withPast ? ['past_state'] : [])],
      outputs: ['num_den_packed', 'present_state'],
      attributes: {
        update_rule: { string: 'linear' },
        q_num_heads: { int: heads },
        kv_num_heads: { int: heads },
        scale: { float: 1 },
      },
    },
    constInts('num_den_shape', [batch, t, heads, dv + 1]),
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
  ];
  const state = [batch, heads, dk, dv + 1];
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
