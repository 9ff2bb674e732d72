import { expect, it } from 'vitest';
import {
  buildChunkedGraph,
  buildParallelGraph,
  expandComposites,
  type Graph,
  heinsenAttention,
  heinsenLogMechanism,
  shapeSize,
} from '../../src/index.js';

const largestValue = (graph: Graph) => Math.max(...graph.values.map((v) => shapeSize(v.shape)));

const n = 65536;
const dk = 64;
const dv = 64;
const chunkSize = 64;
/**
 * DESIGN's chunked budget O(n (d_k + d_v) + (n / C) d_k d_v) with K = 2. Measured: the largest value is
 * 12,582,912 = 1.0x the K = 1 budget, a level of core's log-cumsum-exp scan over the (n/C) chunk states
 * padded by half its length ((1024 + 512) x 64 x 2 d_v; the signed mechanism keeps 2 d_v log columns).
 */
const K = 2;
const budget = K * (n * (dk + dv) + (n / chunkSize) * dk * dv);
/** What the reference materializes in its causal branch: [n, d_k, d_v]. */
const referenceIntermediate = n * dk * dv;

it.each([
  ['heinsen (signed V, 2 d_v log columns)', heinsenAttention],
  ['heinsen-log', heinsenLogMechanism],
])(
  '%s chunked at n = 65536, d = 64, C = 64: no value exceeds K (n (d_k + d_v) + (n/C) d_k d_v)',
  (_, mechanism) => {
    const dims = { batch: 1, heads: 1, seqQ: n, dk, dv };
    const graph = buildChunkedGraph(mechanism, dims, { chunkSize, withState: true });
    const expanded = expandComposites(graph);
    expect(largestValue(graph)).toBeLessThanOrEqual(budget);
    expect(largestValue(expanded)).toBeLessThanOrEqual(budget);
    // The reference's 268M is over 10x the 25M allowed.
    expect(referenceIntermediate / budget).toBeGreaterThan(10);
  },
);

it('parallel causal is quadratic in n but never holds [n, d_k, d_v] either', () => {
  const small = 256;
  const graph = expandComposites(
    buildParallelGraph(
      heinsenAttention,
      { batch: 1, heads: 1, seqQ: small, seqK: small, dk, dv },
      {
        causal: true,
        withState: true,
      },
    ),
  );
  expect(largestValue(graph)).toBeLessThan(small * dk * dv);
  expect(largestValue(graph)).toBeLessThanOrEqual(Math.max(small * small, small * 2 * dv, dk * 2 * dv));
});
