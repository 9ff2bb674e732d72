import { describe, it } from 'vitest';
import { buildParallelGraph, buildStepGraph, retentionAttention, type Value } from '../../src/index.js';
import {
  expectGradientsMatchFiniteDifferences,
  randomTensor,
  seededRandom,
} from '../autodiff/finite-differences.js';
import { lossGraph, weightedSum, withWeightedLoss } from '../autodiff/loss-graph.js';

const [B, H, N, DK, DV] = [1, 2, 5, 3, 2];
const OPTIONS = { gammas: [0.7, 1], scale: 0.8 };

function feedsFor(shapes: Record<string, readonly number[]>, seed: number) {
  const random = seededRandom(seed);
  return Object.fromEntries(
    Object.entries(shapes).map(([name, shape]) => [name, randomTensor(shape, random)]),
  );
}

/** Gradients of the mechanism's graphs, beyond the registry-wide check (test/autodiff/mechanisms.test.ts). */
describe('retention gradients equal central finite differences (float64)', () => {
  it('chunked from an initial state: d/dq, dk, dv and d/dS_0, through the output and the final state', () => {
    const shapes = { q: [B, H, N, DK], k: [B, H, N, DK], v: [B, H, N, DV], S0: [B, H, DK, DV] };
    const graph = lossGraph(shapes, (b, x) => {
      const result = retentionAttention.chunked(
        b,
        { q: x.q!, k: x.k!, v: x.v! },
        { ...OPTIONS, chunkSize: 2, initialState: { S: x.S0! } },
      );
      // Both outputs feed the loss, each with its own weights, so neither gradient path can hide.
      const stateLoss: Value = weightedSum(b, result.state.S!, 3);
      return b.add(weightedSum(b, result.out, 5), stateLoss);
    });
    expectGradientsMatchFiniteDifferences(
      graph,
      { of: 'loss', wrt: Object.keys(shapes) },
      feedsFor(shapes, 1),
      {
        rtol: 1e-5,
      },
    );
  });

  it('one recurrent step: d/dq, dk, dv and d/dpast.S', () => {
    const graph = withWeightedLoss(
      buildStepGraph(retentionAttention, { batch: B, heads: H, dk: DK, dv: DV }, OPTIONS),
      'out',
    );
    const shapes = Object.fromEntries(
      graph.inputs.map((i) => [i.name, graph.values[i.value]!.shape as number[]]),
    );
    expectGradientsMatchFiniteDifferences(
      graph,
      { of: 'loss', wrt: Object.keys(shapes) },
      feedsFor(shapes, 2),
      {
        rtol: 1e-5,
      },
    );
  });

  it.each([true, false])('parallel (causal %s) with gamma = 1 in one head', (causal) => {
    const dims = { batch: B, heads: H, seqQ: N, seqK: N, dk: DK, dv: DV };
    const graph = withWeightedLoss(
      buildParallelGraph(retentionAttention, dims, { ...OPTIONS, causal }),
      'out',
    );
    const shapes = { q: [B, H, N, DK], k: [B, H, N, DK], v: [B, H, N, DV] };
    expectGradientsMatchFiniteDifferences(graph, { of: 'loss', wrt: ['q', 'k', 'v'] }, feedsFor(shapes, 3), {
      rtol: 1e-5,
    });
  });
});
