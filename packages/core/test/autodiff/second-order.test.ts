import { describe, it } from 'vitest';
import { type GraphBuilder, grad, type Value } from '../../src/index.js';
import { expectGradientsMatchFiniteDifferences, randomTensor, seededRandom } from './finite-differences.js';
import { lossGraph, withWeightedLoss } from './loss-graph.js';

/**
 * Gradient graphs are ordinary graphs, so they can be differentiated again. The finite differences of
 * sum(grad f * w) check every VJP rule's own output ops (Where, Cast, the log-space scans) compose.
 */
const functions: [string, (b: GraphBuilder, x: Value) => Value][] = [
  ['tanh(x)^3', (b, x) => b.mul(b.tanh(x), b.mul(b.tanh(x), b.tanh(x)))],
  ['softmax', (b, x) => b.softmax(x, 1)],
  ['logSumExp', (b, x) => b.logSumExp(x, [1])],
  ['logCumSumExp', (b, x) => b.logCumSumExp(x, 1)],
  ['x @ exp(x)^T', (b, x) => b.matmul(x, b.transposeLast2(b.exp(x)))],
];

describe('second order: grad of a gradient graph vs finite differences', () => {
  it.each(functions)('%s', (_, f) => {
    const first = grad(
      lossGraph({ x: [2, 4] }, (b, { x }) => f(b, x!)),
      { of: 'loss', wrt: ['x'] },
    );
    const graph = withWeightedLoss(first, 'grad.x');
    const x = randomTensor([2, 4], seededRandom(23));
    expectGradientsMatchFiniteDifferences(graph, { of: 'loss', wrt: ['x'] }, { x }, { rtol: 1e-5 });
  });
});
