import { describe, expect, it } from 'vitest';
import { evaluate, expandComposites, type Graph, GraphBuilder, Tensor, type Value } from '../../src/index.js';
import { evaluateGradients, expectGradientsMatchFiniteDifferences } from './finite-differences.js';
import { weightedSum } from './loss-graph.js';

const NEG_INF = Number.NEGATIVE_INFINITY;

/** Rows with -inf: a leading run (empty prefixes), scattered entries, and one row that is all -inf. */
const X = [
  [NEG_INF, NEG_INF, 0.3, -1.2, NEG_INF, 0.8],
  [0.5, NEG_INF, -0.4, NEG_INF, 1.1, NEG_INF],
  [NEG_INF, NEG_INF, NEG_INF, NEG_INF, NEG_INF, NEG_INF],
];
const xTensor = Tensor.float64(X.flat(), [3, 6]);
const isNegInf = (_: string, i: number) => X.flat()[i] === NEG_INF;

/** weightedSum of f(x) with -inf outputs (empty sums) mapped to 0, the usual way a loss drops them. */
function finiteLoss(f: (b: GraphBuilder, x: Value) => Value): Graph {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', [3, 6]);
  const y = f(b, x);
  return b.build({ loss: weightedSum(b, b.where(b.equal(y, NEG_INF), 0, y)) });
}

function expectFiniteWithZeroAtNegInf(gradient: Float64Array): void {
  gradient.forEach((g, i) => {
    expect(Number.isFinite(g), `gradient[${i}] = ${g}`).toBe(true);
    if (X.flat()[i] === NEG_INF) expect(Math.abs(g)).toBe(0);
  });
}

/** The gradient of finiteLoss(f) matches finite differences off -inf, and is finite with 0 at -inf entries. */
function expectNegInfSafeGradient(f: (b: GraphBuilder, x: Value) => Value): void {
  const { x } = expectGradientsMatchFiniteDifferences(
    finiteLoss(f),
    { of: 'loss', wrt: ['x'] },
    { x: xTensor },
    {},
    isNegInf,
  );
  expectFiniteWithZeroAtNegInf(x!);
}

describe('gradients with -inf inputs', () => {
  for (const exclusive of [false, true]) {
    for (const reverse of [false, true]) {
      it(`LogCumSumExp exclusive=${exclusive} reverse=${reverse}: finite, 0 at -inf, correct elsewhere`, () => {
        expectNegInfSafeGradient((b, x) => b.logCumSumExp(x, 1, { exclusive, reverse }));
      });
    }
  }

  it('LogSumExp, Softmax and LogSoftmax give 0 (not NaN) for -inf entries and all -inf rows', () => {
    const cases: [string, (b: GraphBuilder, x: Value) => Value][] = [
      ['LogSumExp', (b, x) => b.logSumExp(x, [1], true)],
      ['Softmax', (b, x) => b.softmax(x, 1)],
      ['LogSoftmax', (b, x) => b.logSoftmax(x, 1)],
      ['LogAddExp', (b, x) => b.logAddExp(x, b.slice(x, [0], [2], [3]))],
    ];
    for (const [, f] of cases) expectNegInfSafeGradient(f);
  });

  it('composite rules agree with differentiating their decompositions, -inf entries included', () => {
    // A second derivation of the same gradient: the primitive rules applied to expandComposites' output.
    const composites: ((b: GraphBuilder, x: Value) => Value)[] = [
      (b, x) => b.logCumSumExp(x, 1, { exclusive: true }),
      (b, x) => b.logCumSumExp(x, 1, { reverse: true }),
      (b, x) => b.logSumExp(x, [1], true),
      (b, x) => b.softmax(x, 1),
      (b, x) => b.logSoftmax(x, 1),
    ];
    for (const f of composites) {
      const graph = finiteLoss(f);
      const options = { of: 'loss', wrt: ['x'] };
      const viaRule = evaluateGradients(graph, options, { x: xTensor }).gradients.x!;
      const viaDecomposition = evaluateGradients(expandComposites(graph), options, { x: xTensor }).gradients
        .x!;
      expectFiniteWithZeroAtNegInf(viaRule);
      viaDecomposition.forEach((g, i) => {
        expect(Math.abs(viaRule[i]! - g)).toBeLessThan(1e-12 * (1 + Math.abs(g)));
      });
    }
  });
});

describe('Where sends the cotangent only to the selected branch', () => {
  function whereGraph(branch: (b: GraphBuilder, x: Value) => Value): Graph {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [5]);
    return b.build({ loss: weightedSum(b, b.where(b.less(x, 1), b.mul(x, x), branch(b, x))) });
  }
  // Every x < 1, so the other branch is never selected; at these points it is inf, NaN or 0/0.
  const x = Tensor.float64([0.5, 0, -0.3, 0.9, -2], [5]);
  const branches: [string, (b: GraphBuilder, x: Value) => Value][] = [
    ['exp overflow', (b, v) => b.exp(b.mul(v, 2000))],
    ['log of 0 and negatives', (b, v) => b.log(v)],
    ['sqrt of 0 and negatives', (b, v) => b.sqrt(v)],
    ['division by 0', (b, v) => b.div(1, v)],
    ['pow with 0 base', (b, v) => b.pow(v, -0.5)],
  ];
  it.each(branches)('%s in the unselected branch: gradient is that of x*x', (_, branch) => {
    const graph = whereGraph(branch);
    const forward = evaluate(graph, { x });
    expect(Number.isFinite(forward.loss!.data[0])).toBe(true);
    const { x: gx } = expectGradientsMatchFiniteDifferences(graph, { of: 'loss', wrt: ['x'] }, { x });
    gx!.forEach((g) => expect(Number.isFinite(g)).toBe(true));
  });
});

describe('ReduceMax and Maximum ties', () => {
  it('ReduceMax splits the cotangent equally among tied maxima (direct formula)', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2, 4]);
    const graph = b.build({ loss: b.reduceSum(b.mul(b.reduceMax(x, [1]), b.constant([2, 3], [2])), [0]) });
    const { x: gx } = evaluateGradients(
      graph,
      { of: 'loss', wrt: ['x'] },
      {
        x: Tensor.float64([1, 5, 5, 5, -1, 2, 0, 2], [2, 4]),
      },
    ).gradients;
    expect(Array.from(gx!)).toEqual([0, 2 / 3, 2 / 3, 2 / 3, 0, 1.5, 0, 1.5]);
  });

  it('Maximum at a tie gives each side half (the central finite difference)', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [3]);
    const y = b.input('y', 'float32', [3]);
    const graph = b.build({ loss: weightedSum(b, b.maximum(x, y)) });
    expectGradientsMatchFiniteDifferences(
      graph,
      { of: 'loss', wrt: ['x', 'y'] },
      { x: Tensor.float64([1, 2, 3], [3]), y: Tensor.float64([1, 0, 3], [3]) },
    );
  });
});
