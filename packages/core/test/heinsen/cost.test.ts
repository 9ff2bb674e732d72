import { describe, expect, it } from 'vitest';
import { heinsenAttention } from '../../src/index.js';

const flops = heinsenAttention.cost.flopsPerHead!;

// Each expectation is the formula of cost.ts worked by hand for one shape.
describe("heinsen's cost.ts", () => {
  it('recurrent: 5 d_k (d_v + 1) per token, whatever the context', () => {
    expect(flops('recurrent', { n: 1, dk: 64, dv: 64, chunkSize: 256 })).toBe(5 * 64 * 65);
    expect(flops('recurrent', { n: 100_000, dk: 64, dv: 64, chunkSize: 256 })).toBe(5 * 64 * 65);
  });

  it('chunked below 64: the dyadic triangle of every padded chunk', () => {
    // n = 40, C = 12: P = 16, 4 chunks, one sequence group (G = 5); W = 16 * 17 / 2 = 136, K = C = 12.
    const perChunk = 136 * (2 * 4 + 2 * 3 + 1) + 2 * (12 + 16 + 5) * 4 * (3 + 1);
    expect(flops('chunked', { n: 40, dk: 4, dv: 3, chunkSize: 12 })).toBe(4 * perChunk);
  });

  it('chunked at n = 8192, C = 256: four segments, groups of 8 chunks', () => {
    // P = 256, S = 4: W = 256^2 / 4, K = P; 32 chunks, 2048 / 256 = 8 per group, G = 9.
    const perChunk = 16384 * (2 * 64 + 2 * 64 + 1) + 2 * (256 + 256 + 9) * 64 * 65;
    expect(flops('chunked', { n: 8192, dk: 64, dv: 64, chunkSize: 256 })).toBe(32 * perChunk);
  });

  it('causal parallel is one chunk of n', () => {
    // n = 100: P = 128, S = 2, W = 128^2 / 2, K = 128, G = 2.
    const parallel = 8192 * (2 * 8 + 2 * 8 + 1) + 2 * (128 + 128 + 2) * 8 * 9;
    expect(flops('parallel', { n: 100, dk: 8, dv: 8, chunkSize: 16 })).toBe(parallel);
  });

  it('states its big-O, peers and conformance options', () => {
    expect(heinsenAttention.cost.stepTime).toBe('O(d_k d_v)');
    expect(heinsenAttention.peers?.linearAttention).toMatchObject({
      updateRule: 'linear',
      featureMap: 'exp',
      eps: 0,
    });
    expect(heinsenAttention.conformance?.longSequence).toEqual({ groupTokens: 128 });
    // Both sides of the chunked form's fast-path guard, for the shared suite to run on every backend.
    expect(heinsenAttention.conformance?.cases?.().map((c) => c.form)).toEqual(['chunked', 'chunked']);
  });
});
