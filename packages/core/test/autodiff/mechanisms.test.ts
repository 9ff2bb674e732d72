import { describe, expect, it } from 'vitest';
import {
  type AnyMechanism,
  buildChunkedGraph,
  buildParallelGraph,
  type Graph,
  getMechanism,
  heinsenLogMechanism,
  mechanismNames,
  type SequenceDims,
  Tensor,
} from '../../src/index.js';
import { expectGradientsMatchFiniteDifferences, randomTensor, seededRandom } from './finite-differences.js';
import { withWeightedLoss } from './loss-graph.js';

const DIMS: SequenceDims = { batch: 1, heads: 2, seqQ: 5, seqK: 5, dk: 3, dv: 2 };

interface Form {
  readonly name: string;
  readonly build: (m: AnyMechanism) => Graph;
}

const FORMS: readonly Form[] = [
  { name: 'parallel causal', build: (m) => buildParallelGraph(m, DIMS, { causal: true }) },
  { name: 'parallel non-causal', build: (m) => buildParallelGraph(m, DIMS, { causal: false }) },
  // Chunk size 2 with n = 5: two full chunks, a ragged tail, and state carried across chunks.
  { name: 'chunked C=2', build: (m) => buildChunkedGraph(m, DIMS, { chunkSize: 2 }) },
];

function randomFeeds(graph: Graph, seed: number): Record<string, Tensor> {
  const random = seededRandom(seed);
  const feeds: Record<string, Tensor> = {};
  for (const input of graph.inputs) {
    feeds[input.name] = randomTensor(graph.values[input.value]!.shape as number[], random);
  }
  return feeds;
}

/** grad of sum(out * w) through every form of every registered mechanism, vs finite differences. */
describe.each(mechanismNames())('mechanism %s', (name) => {
  it.each(FORMS.map((f) => [f.name, f] as const))('%s', (_, form) => {
    const graph = withWeightedLoss(form.build(getMechanism(name)), 'out');
    const wrt = graph.inputs.map((i) => i.name);
    expectGradientsMatchFiniteDifferences(
      graph,
      { of: 'loss', wrt },
      randomFeeds(graph, name.length * 31 + 7),
      {
        rtol: 1e-5,
      },
    );
  });
});

describe('heinsen log-space API with -inf entries in log V', () => {
  const NEG_INF = Number.NEGATIVE_INFINITY;
  /** log V with the first key fully masked (empty causal prefix) and scattered -inf entries. */
  function logVWithNegInf(feeds: Record<string, Tensor>): Tensor {
    const v = feeds.v!;
    const data = Float64Array.from(v.data);
    const [, , n, dv] = v.shape as [number, number, number, number];
    for (let h = 0; h < v.shape[1]!; h++) {
      for (let c = 0; c < dv; c++) data[(h * n + 0) * dv + c] = NEG_INF;
      data[(h * n + 3) * dv + (h % dv)] = NEG_INF;
    }
    data[(0 * n + 2) * dv + 1] = NEG_INF;
    return Tensor.float64(data, v.shape);
  }

  it.each(FORMS.map((f) => [f.name, f] as const))(
    '%s: finite gradients, 0 at -inf, correct elsewhere',
    (_, form) => {
      // A fully masked first key makes log o_0 = log 0 = -inf; the loss drops it, as training would.
      const graph = withWeightedLoss(form.build(heinsenLogMechanism), 'out', { dropNegInf: true });
      const feeds = randomFeeds(graph, 99);
      const v = logVWithNegInf(feeds);
      const masked = (input: string, i: number) => input === 'v' && v.data[i] === NEG_INF;
      const gradients = expectGradientsMatchFiniteDifferences(
        graph,
        { of: 'loss', wrt: ['q', 'k', 'v'] },
        { ...feeds, v },
        { rtol: 1e-5 },
        masked,
      );
      for (const [input, g] of Object.entries(gradients)) {
        g.forEach((value, i) => {
          expect(Number.isFinite(value), `grad.${input}[${i}] = ${value}`).toBe(true);
          if (masked(input, i)) expect(Math.abs(value)).toBe(0);
        });
      }
    },
  );
});
