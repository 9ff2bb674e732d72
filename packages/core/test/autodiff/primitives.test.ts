import { describe, it } from 'vitest';
import type { Tensor } from '../../src/index.js';
import { awayFromZero, type GradCase, positive, uniform } from './cases.js';
import { expectGradientsMatchFiniteDifferences, seededRandom } from './finite-differences.js';
import { lossGraph } from './loss-graph.js';

const BROADCAST_PAIRS: readonly (readonly [readonly number[], readonly number[]])[] = [
  [
    [2, 3],
    [2, 3],
  ],
  [
    [2, 3, 4],
    [3, 1],
  ],
  [
    [1, 4],
    [3, 1],
  ],
  [[], [2, 3]],
];

const binaryCases: GradCase[] = BROADCAST_PAIRS.flatMap(([sa, sb]): GradCase[] => {
  const shapes = { a: sa, b: sb };
  const tag = `[${sa}] with [${sb}]`;
  return [
    { name: `Add ${tag}`, shapes, body: (b, { a, b: y }) => b.add(a!, y!) },
    { name: `Sub ${tag}`, shapes, body: (b, { a, b: y }) => b.sub(a!, y!) },
    { name: `Mul ${tag}`, shapes, body: (b, { a, b: y }) => b.mul(a!, y!) },
    {
      name: `Div ${tag}`,
      shapes,
      samplers: { b: awayFromZero },
      body: (b, { a, b: y }) => b.div(a!, y!),
    },
    {
      name: `Pow ${tag}`,
      shapes,
      samplers: { a: positive },
      body: (b, { a, b: y }) => b.pow(a!, y!),
    },
    { name: `Maximum ${tag}`, shapes, body: (b, { a, b: y }) => b.maximum(a!, y!) },
    { name: `Minimum ${tag}`, shapes, body: (b, { a, b: y }) => b.minimum(a!, y!) },
    {
      name: `Where ${tag}`,
      shapes: { ...shapes, c: [2, 1, 1].slice(3 - Math.max(sa.length, sb.length, 1)) },
      body: (b, { a, b: y, c }) => b.where(b.greater(c!, 0), a!, y!),
    },
  ];
});

const x234 = { x: [2, 3, 4] };

const cases: GradCase[] = [
  { name: 'Neg', shapes: x234, body: (b, { x }) => b.neg(x!) },
  { name: 'Abs', shapes: x234, samplers: { x: awayFromZero }, body: (b, { x }) => b.abs(x!) },
  { name: 'Exp', shapes: x234, body: (b, { x }) => b.exp(x!) },
  { name: 'Log', shapes: x234, samplers: { x: positive }, body: (b, { x }) => b.log(x!) },
  { name: 'Sqrt', shapes: x234, samplers: { x: positive }, body: (b, { x }) => b.sqrt(x!) },
  { name: 'Tanh', shapes: x234, body: (b, { x }) => b.tanh(x!) },
  { name: 'Erf', shapes: x234, body: (b, { x }) => b.erf(x!) },
  ...binaryCases,
  {
    // Random 3x lands within eps of an integer with negligible probability, so trunc is locally constant.
    name: 'Cast through int32 carries no gradient: x * trunc(3x)',
    shapes: { x: [3, 4] },
    body: (b, { x }) => b.mul(x!, b.cast(b.cast(b.mul(x!, 3), 'int32'), 'float32')),
  },
  { name: 'MatMul [2,3]@[3,4]', shapes: { a: [2, 3], c: [3, 4] }, body: (b, { a, c }) => b.matmul(a!, c!) },
  {
    name: 'MatMul batch broadcast [2,1,3,4]@[5,4,2]',
    shapes: { a: [2, 1, 3, 4], c: [5, 4, 2] },
    body: (b, { a, c }) => b.matmul(a!, c!),
  },
  {
    // The shared weight's gradient folds the batch into one GEMM (sharedWeightGrad).
    name: 'MatMul batched with a shared weight [2,3,3,4]@[4,5]',
    shapes: { a: [2, 3, 3, 4], c: [4, 5] },
    body: (b, { a, c }) => b.matmul(a!, c!),
  },
  {
    name: 'MatMul broadcast batch with a shared weight [1,3,4]@[4,5] + [2,3,5]',
    shapes: { a: [1, 3, 4], c: [4, 5], x: [2, 3, 5] },
    body: (b, { a, c, x }) => b.add(b.matmul(a!, c!), x!),
  },
  {
    name: 'MatMul rank-2 with batched [3,4]@[2,4,5]',
    shapes: { a: [3, 4], c: [2, 4, 5] },
    body: (b, { a, c }) => b.matmul(a!, c!),
  },
  { name: 'ReduceSum axis 1', shapes: x234, body: (b, { x }) => b.reduceSum(x!, [1]) },
  {
    name: 'ReduceSum axes [0,-1] keepDims',
    shapes: x234,
    body: (b, { x }) => b.reduceSum(x!, [0, -1], true),
  },
  { name: 'ReduceMax axis 1', shapes: x234, body: (b, { x }) => b.reduceMax(x!, [1]) },
  { name: 'ReduceMax axes [0,2] keepDims', shapes: x234, body: (b, { x }) => b.reduceMax(x!, [0, 2], true) },
  ...[false, true].flatMap((exclusive) =>
    [false, true].map(
      (reverse): GradCase => ({
        name: `CumSum exclusive=${exclusive} reverse=${reverse}`,
        shapes: x234,
        body: (b, { x }) => b.cumSum(x!, 1, { exclusive, reverse }),
      }),
    ),
  ),
  { name: 'Reshape', shapes: x234, body: (b, { x }) => b.reshape(x!, [6, -1]) },
  { name: 'Transpose', shapes: x234, body: (b, { x }) => b.transpose(x!, [2, 0, 1]) },
  {
    name: 'Slice two axes',
    shapes: { x: [4, 3, 5] },
    body: (b, { x }) => b.slice(x!, [0, 2], [1, 1], [3, 4]),
  },
  {
    name: 'Concat of three (one used twice)',
    shapes: { x: [2, 3], y: [2, 1] },
    body: (b, { x, y }) => b.concat([x!, y!, b.exp(x!)], 1),
  },
  {
    name: 'Pad',
    shapes: { x: [2, 3] },
    body: (b, { x }) =>
      b.pad(
        x!,
        [
          [1, 0],
          [0, 2],
        ],
        3,
      ),
  },
  {
    name: 'Gather axis 1, repeated indices (scatter-add)',
    shapes: x234,
    body: (b, { x }) => b.gather(x!, b.constant([2, 0, 2, 2], [2, 2], 'int32'), 1),
  },
  {
    name: 'Gather last axis',
    shapes: x234,
    body: (b, { x }) => b.gather(x!, b.constant([3, 1, 3], [3], 'int32'), 2),
  },
  {
    name: 'Gather rank-1 data, scalar index',
    shapes: { x: [5] },
    body: (b, { x }) => b.mul(b.gather(x!, b.constant([3], [], 'int32'), 0), x!),
  },
  {
    name: 'Gather axis 0, [2, 3] indices with repeats (an embedding lookup)',
    shapes: { x: [5, 3] },
    body: (b, { x }) => b.gather(x!, b.constant([4, 0, 4, 1, 4, 0], [2, 3], 'int32'), 0),
  },
  {
    name: 'ScatterAdd, repeated indices, wrt data and updates',
    shapes: { x: [4, 3], u: [5, 3] },
    body: (b, { x, u }) => b.scatterAdd(x!, b.constant([2, 0, 2, 3, 2], [5], 'int32'), u!),
  },
  {
    name: 'ScatterAdd rank-1 data',
    shapes: { x: [4], u: [3] },
    body: (b, { x, u }) => b.mul(b.scatterAdd(x!, b.constant([1, 1, 3], [3], 'int32'), u!), x!),
  },
  { name: 'Expand', shapes: { x: [3, 1] }, body: (b, { x }) => b.expand(x!, [2, 3, 4]) },
];

describe('VJP of every primitive vs central finite differences (float64)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const random = seededRandom(c.name.length * 7919 + 1);
    const graph = lossGraph(c.shapes, c.body);
    const feeds: Record<string, Tensor> = {};
    for (const [name, shape] of Object.entries(c.shapes)) {
      feeds[name] = (c.samplers?.[name] ?? uniform)(shape, random);
    }
    const wrt = Object.keys(c.shapes).filter((n) => !(c.name.startsWith('Where') && n === 'c'));
    expectGradientsMatchFiniteDifferences(graph, { of: 'loss', wrt }, feeds);
  });
});
