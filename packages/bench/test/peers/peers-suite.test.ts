import '@constant-attention/backend-ort';
import {
  type Backend,
  createBackend,
  getMechanism,
  InvalidArgumentError,
  mechanismNames,
} from '@constant-attention/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../src/args/parse-args.js';
import { peerPlan, QUICK_PEER_LENGTHS } from '../../src/peers/peer-plan.js';
import type { PeerSample } from '../../src/schema/bench-results.js';
import { makePeersSuite } from '../../src/suites/peers.js';

describe('peers arguments', () => {
  it('runs every registered mechanism that declares a peer op, at the quick lengths by default', () => {
    const plan = peerPlan(parseBenchArgs(['peers', '--quick']));
    const declaring = (which: 'onnxAttention' | 'linearAttention') =>
      mechanismNames().filter((m) => !getMechanism(m).usesGate && getMechanism(m).peers?.[which]);
    expect(plan).toMatchObject({
      lengths: QUICK_PEER_LENGTHS,
      attention: declaring('onnxAttention'),
      linear: declaring('linearAttention'),
    });
    expect(plan.attention).toContain('softmax');
    expect(plan.linear).toContain('linear-elu');
  });

  it('takes --lengths and drops mechanisms without a peer op', () => {
    const plan = peerPlan(parseBenchArgs(['peers', '--lengths', '64', '--mechanisms', 'lln,linear-elu']));
    expect(plan).toMatchObject({ lengths: [64], attention: [], linear: ['linear-elu'] });
  });

  it('rejects a backend other than ort:cpu, naming it', () => {
    expect(() => peerPlan(parseBenchArgs(['peers', '--backends', 'ort:cpu,ort:wasm']))).toThrow(/ort:wasm/);
  });

  it('rejects a mechanism list with no peer at all', () => {
    const args = parseBenchArgs(['peers', '--mechanisms', 'lln,linear']);
    expect(() => peerPlan(args)).toThrow(InvalidArgumentError);
    expect(() => peerPlan(args)).toThrow(/lln,linear/);
  });
});

describe('peers suite on tiny heads', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await createBackend({ backend: 'ort', device: 'cpu' });
  });
  afterAll(async () => {
    await backend.dispose();
  });

  it('records ours and the peer per comparison, outputs checked first', async () => {
    const args = parseBenchArgs([
      'peers',
      '--quick',
      '--lengths',
      '8',
      '--mechanisms',
      'softmax,linear-elu,lln',
    ]);
    const dims = { batch: 1, heads: 2, dk: 4, dv: 4 };
    const output = await makePeersSuite(dims, 5)({ args, backends: [backend] });
    const samples = output.samples as PeerSample[];
    expect(samples.map((s) => `${s.mechanism} ${s.form} ${s.peer}`)).toEqual([
      'softmax parallel Attention',
      'linear-elu chunked com.microsoft.LinearAttention',
      'linear-elu recurrent com.microsoft.LinearAttention',
    ]);
    for (const s of samples) {
      expect(s).toMatchObject({ suite: 'peers', backend: 'ort', device: 'cpu', n: 8 });
      expect(s.max_abs_diff).toBeLessThan(1e-5);
      expect(s.ours.samples).toBeGreaterThanOrEqual(3);
      expect(s.peer_stats!.samples).toBeGreaterThanOrEqual(3);
      expect(s.ratio).toBeCloseTo(s.ours.median_ms / s.peer_stats!.median_ms, 10);
      expect(s.flops).toBeGreaterThan(0);
    }
    // Step state from min(n, cap) real tokens.
    expect(samples[2]!.prefix_tokens).toBe(5);
    expect(output.markdown).toContain(
      '| linear-elu recurrent | com.microsoft.LinearAttention | 8 (prefix 5) |',
    );
    expect(Object.keys(output.summary.ours_over_peer as object)).toHaveLength(3);
  });
});
