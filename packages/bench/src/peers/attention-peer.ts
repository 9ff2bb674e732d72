import type { PeerDims } from './peer-dims.js';
import type { PeerModel } from './peer-model.js';

export const ATTENTION_PEER = 'Attention';

/**
 * ONNX's own Attention op (opset 23, default domain) on [batch, heads, n, d] q, k, v with
 * is_causal = 1 and its default scale 1/sqrt(d): the same function as our softmax parallel causal
 * form with its default options.
 */
export function attentionPeerModel(dims: PeerDims, n: number): PeerModel {
  const { batch, heads, dk, dv } = dims;
  return {
    opsets: { '': 23 },
    nodes: [
      {
        opType: 'Attention',
        inputs: ['q', 'k', 'v'],
        outputs: ['out'],
        attributes: { is_causal: { int: 1 } },
      },
    ],
    inputs: { q: [batch, heads, n, dk], k: [batch, heads, n, dk], v: [batch, heads, n, dv] },
    outputs: { out: [batch, heads, n, dv] },
  };
}
