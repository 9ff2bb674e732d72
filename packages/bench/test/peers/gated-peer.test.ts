import '@constant-attention/backend-ort';
import { getMechanism, mulberry32, registerMechanism } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { linearAttentionPeerModel } from '../../src/peers/linear-attention-peer.js';
import { openPeerSession, ortTensor } from '../../src/peers/peer-session.js';

// A test-only mechanism that declares a 'gated' peer with a fixed per-head decay and no normalizer (the
// shape retention's declaration takes). Its own forms are never run here: the peer model alone is checked
// against the recurrence S_t = gamma_h S_{t-1} + k_t v_t^T, o_t = q_t S_t written out with loops.
const GAMMA = [0.9, 0.5];
registerMechanism({
  ...getMechanism('linear'),
  name: 'test-gated-peer',
  peers: {
    linearAttention: {
      updateRule: 'gated',
      featureMap: 'identity',
      eps: 0,
      normalizer: 'none',
      logDecay: (heads) => Array.from({ length: heads }, (_, h) => Math.log(GAMMA[h]!)),
    },
  },
});

function decayedLoops(
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  n: number,
  heads: number,
  d: number,
) {
  const out = new Float64Array(n * heads * d);
  for (let h = 0; h < heads; h++) {
    const S = new Float64Array(d * d);
    for (let t = 0; t < n; t++) {
      const at = (x: Float32Array, c: number) => x[(t * heads + h) * d + c]!;
      for (let a = 0; a < d; a++)
        for (let c = 0; c < d; c++) S[a * d + c] = GAMMA[h]! * S[a * d + c]! + at(k, a) * at(v, c);
      for (let c = 0; c < d; c++) {
        let acc = 0;
        for (let a = 0; a < d; a++) acc += at(q, a) * S[a * d + c]!;
        out[(t * heads + h) * d + c] = acc;
      }
    }
  }
  return out;
}

describe("LinearAttention update_rule 'gated'", () => {
  it('runs the declared per-head decay as the op computes it, against the recurrence in loops', async () => {
    const [n, heads, d] = [6, 2, 3];
    const rng = mulberry32(5);
    const rand = () => Float32Array.from({ length: n * heads * d }, () => 2 * rng() - 1);
    const [q, k, v] = [rand(), rand(), rand()];
    const opened = await openPeerSession(
      linearAttentionPeerModel('test-gated-peer', { batch: 1, heads, dk: d, dv: d }, n, false),
    );
    if ('unavailable' in opened) throw new Error(opened.unavailable);
    try {
      const packed = (x: Float32Array) => ortTensor(x, [1, n, heads * d]);
      const result = await opened.session.run({ q: packed(q), k: packed(k), v: packed(v) });
      const got = result.out!.data as Float32Array;
      const want = decayedLoops(q, k, v, n, heads, d);
      expect(got).toHaveLength(want.length);
      for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(1e-5);
    } finally {
      await opened.session.release();
    }
  });
});
