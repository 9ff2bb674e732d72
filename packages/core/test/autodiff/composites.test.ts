import { describe, it } from 'vitest';
import { scaledDotProductAttention, subtractedShift, type Tensor } from '../../src/index.js';
import { awayFromZero, type GradCase, uniform } from './cases.js';
import { expectGradientsMatchFiniteDifferences, randomTensor, seededRandom } from './finite-differences.js';
import { lossGraph } from './loss-graph.js';

const x34 = { x: [3, 4] };
const x234 = { x: [2, 3, 4] };

const cases: GradCase[] = [
  { name: 'LogSumExp axis 1', shapes: x234, body: (b, { x }) => b.logSumExp(x!, [1]) },
  { name: 'LogSumExp axes [0,2] keepDims', shapes: x234, body: (b, { x }) => b.logSumExp(x!, [0, 2], true) },
  ...[false, true].flatMap((exclusive) =>
    [false, true].map(
      (reverse): GradCase => ({
        name: `LogCumSumExp exclusive=${exclusive} reverse=${reverse}`,
        shapes: { x: [2, 5, 3] },
        // Exclusive scans start with log(0) = -inf; map it to 0 so the loss stays finite.
        body: (b, { x }) => {
          const y = b.logCumSumExp(x!, 1, { exclusive, reverse });
          return b.where(b.equal(y, Number.NEGATIVE_INFINITY), 0, y);
        },
      }),
    ),
  ),
  {
    // 13 is no power of two: the backward's linear scan runs 4 levels, the last one partly past the end.
    name: 'LogCumSumExp over an odd length, both directions',
    shapes: { x: [2, 13] },
    body: (b, { x }) => b.add(b.logCumSumExp(x!, 1), b.mul(b.logCumSumExp(x!, 1, { reverse: true }), 0.5)),
  },
  {
    name: 'LogCumSumExp on widely spread logits (no overflow in the backward scan)',
    shapes: { x: [1, 6] },
    samplers: { x: (shape, random) => spread(shape, random, 1000) },
    body: (b, { x }) => b.logCumSumExp(x!, -1),
  },
  {
    name: 'LogAddExp with broadcasting',
    shapes: { x: [2, 3], y: [3] },
    body: (b, { x, y }) => b.logAddExp(x!, y!),
  },
  { name: 'Softmax axis 1', shapes: x234, body: (b, { x }) => b.softmax(x!, 1) },
  { name: 'LogSoftmax axis -1', shapes: x234, body: (b, { x }) => b.logSoftmax(x!, -1) },
  { name: 'ReduceMean axes [0,2]', shapes: x234, body: (b, { x }) => b.reduceMean(x!, [0, 2]) },
  {
    name: 'LayerNorm (x, gamma, beta)',
    shapes: { x: [2, 3, 4], gamma: [4], beta: [4] },
    body: (b, { x, gamma, beta }) => b.layerNorm(x!, gamma!, beta!),
  },
  { name: 'Gelu exact', shapes: x34, body: (b, { x }) => b.gelu(x!) },
  { name: 'Gelu tanh', shapes: x34, body: (b, { x }) => b.gelu(x!, 'tanh') },
  { name: 'Sigmoid', shapes: x34, body: (b, { x }) => b.sigmoid(x!) },
  { name: 'Softplus', shapes: x34, body: (b, { x }) => b.softplus(x!) },
  { name: 'Elu', shapes: x34, samplers: { x: awayFromZero }, body: (b, { x }) => b.elu(x!) },
  { name: 'Relu', shapes: x34, samplers: { x: awayFromZero }, body: (b, { x }) => b.relu(x!) },
  {
    name: 'FiniteShift, an all -inf row included',
    shapes: x34,
    body: (b, { x }) => {
      // Row 0 is masked to -inf, so its max is -inf and the shift's stand-in (no gradient) is used.
      const firstRow = b.equal(b.reshape(b.iota(3), [3, 1]), 0);
      const masked = b.where(firstRow, Number.NEGATIVE_INFINITY, x!);
      const shift = subtractedShift(b, b.reduceMax(masked, [1], true));
      return b.mul(b.exp(b.sub(masked, shift)), shift);
    },
  },
  {
    name: 'ScaledDotProductAttention causal',
    shapes: { q: [1, 2, 3, 4], k: [1, 2, 3, 4], v: [1, 2, 3, 2] },
    body: (b, { q, k, v }) => scaledDotProductAttention(b, q!, k!, v!, { scale: 0.5, causal: true }),
  },
  {
    name: 'ScaledDotProductAttention with n_q != n_k',
    shapes: { q: [2, 1, 2, 3], k: [2, 1, 4, 3], v: [2, 1, 4, 3] },
    body: (b, { q, k, v }) => scaledDotProductAttention(b, q!, k!, v!, { scale: 1.5, causal: false }),
  },
  {
    name: 'composites chained with a shared subexpression',
    shapes: x34,
    body: (b, { x }) => {
      const s = b.softmax(x!, 1);
      return b.mul(s, b.logCumSumExp(b.add(x!, s), 0));
    },
  },
];

/** Uniform in [-scale, scale]: beyond float64 exp's range, so only a properly shifted rule survives. */
function spread(shape: readonly number[], random: () => number, scale: number): Tensor {
  return randomTensor(shape, random, -scale, scale);
}

describe('VJP of every composite vs central finite differences (float64)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const random = seededRandom(c.name.length * 104729 + 3);
    const graph = lossGraph(c.shapes, c.body);
    const feeds: Record<string, Tensor> = {};
    for (const [name, shape] of Object.entries(c.shapes)) {
      feeds[name] = (c.samplers?.[name] ?? uniform)(shape, random);
    }
    expectGradientsMatchFiniteDifferences(graph, { of: 'loss', wrt: Object.keys(c.shapes) }, feeds);
  });
});
