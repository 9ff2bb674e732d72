import '@constant-attention/backend-ort';
import { type Backend, createBackend, mechanismNames } from '@constant-attention/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLinearPeerMechanism } from '../../src/peers/linear-attention-peer.js';
import { linearPrefillVsPeer, linearStepVsPeer, parallelVsAttention } from '../../src/peers/measure-peers.js';
import { openPeerSession } from '../../src/peers/peer-session.js';

// Ours runs on the float64 reference interpreter (core's oracle), the peer on onnxruntime-node's
// fused op: agreement means the peer model computes our mechanism's function.
const DIMS = { batch: 1, heads: 2, dk: 4, dv: 3 };
const TOLERANCE = 2e-5;
let reference: Backend;

beforeAll(async () => {
  reference = await createBackend({ backend: 'reference' });
});
afterAll(async () => {
  await reference.dispose();
});

describe('peer models compute our mechanisms', () => {
  it('ONNX Attention (opset 23, causal) equals softmax parallel causal', async () => {
    const run = await parallelVsAttention(reference, 'softmax', DIMS, 9);
    expect(run.unavailable).toBeUndefined();
    expect(run.peer).toHaveLength(DIMS.heads * 9 * DIMS.dv);
    expect(run.max_abs_diff).toBeLessThan(TOLERANCE);
    expect(run.ours_stats).toBeUndefined();
  });

  const linearPeers = mechanismNames().filter(isLinearPeerMechanism);
  it('every mechanism that declares a LinearAttention peer is checked below (linear-elu at least)', () => {
    expect(linearPeers).toContain('linear-elu');
  });

  for (const mechanism of linearPeers) {
    it(`LinearAttention prefill equals ${mechanism}'s chunked form`, async () => {
      const run = await linearPrefillVsPeer(reference, mechanism, DIMS, 7);
      expect(run.unavailable).toBeUndefined();
      expect(run.peer).toHaveLength(DIMS.heads * 7 * DIMS.dv);
      expect(run.max_abs_diff).toBeLessThan(TOLERANCE);
    });

    it(`LinearAttention step from its own prefix state equals ${mechanism}'s step`, async () => {
      const run = await linearStepVsPeer(reference, mechanism, DIMS, 5);
      expect(run.unavailable).toBeUndefined();
      expect(run.peer).toHaveLength(DIMS.heads * DIMS.dv);
      expect(run.max_abs_diff).toBeLessThan(TOLERANCE);
    });
  }

  it('a peer op this ORT build lacks is reported with the runtime error, not a number', async () => {
    const opened = await openPeerSession({
      opsets: { '': 23, 'com.microsoft': 1 },
      nodes: [{ opType: 'NoSuchFusedAttention', domain: 'com.microsoft', inputs: ['q'], outputs: ['out'] }],
      inputs: { q: [1, 2] },
      outputs: { out: [1, 2] },
    });
    expect('unavailable' in opened && opened.unavailable).toMatch(
      /^unavailable in this ORT build: .*NoSuchFusedAttention/,
    );
  });
});
