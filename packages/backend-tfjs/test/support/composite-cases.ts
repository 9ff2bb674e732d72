import { type Graph, GraphBuilder, Tensor, type Value } from '@constant-attention/core';
import type { OpCase } from './op-cases.js';
import { randomFloats, withNegativeInfinity } from './random.js';

function graphOf(build: (b: GraphBuilder) => Record<string, Value>): Graph {
  const b = new GraphBuilder();
  return b.build(build(b));
}

const NEG_INF = Number.NEGATIVE_INFINITY;

/** [2, 3, 4] values where row [0, 1, :] is entirely -inf and a few other entries are -inf. */
function logSpaceInput(random: () => number, scale = 5): Tensor {
  return withNegativeInfinity(randomFloats(random, [2, 3, 4], -scale, scale), [4, 5, 6, 7, 1, 14, 23]);
}

/** Every composite, each with -inf entries, fully -inf rows and symbolic dims where the op allows them. */
export const COMPOSITE_CASES: readonly OpCase[] = [
  {
    name: 'LogSumExp over one and several axes, all -inf rows',
    graph: graphOf((b) => {
      const x = b.input('x', 'float32', [2, 'n', 4]);
      return {
        last: b.logSumExp(x, [-1]),
        outer: b.logSumExp(x, [0, 2], true),
        all: b.logSumExp(x, [0, 1, 2]),
      };
    }),
    feeds: (r) => ({ x: logSpaceInput(r) }),
  },
  {
    name: 'LogSumExp of values near 1e4 does not overflow',
    graph: graphOf((b) => ({ y: b.logSumExp(b.input('x', 'float32', ['n', 5]), [1]) })),
    feeds: (r) => ({ x: randomFloats(r, [3, 5], 9990, 10000) }),
  },
  {
    name: 'LogCumSumExp inclusive, exclusive and reversed with -inf and a wide range',
    graph: graphOf((b) => {
      const x = b.input('x', 'float32', ['n', 7]);
      return {
        inclusive: b.logCumSumExp(x, 1),
        exclusive: b.logCumSumExp(x, -1, { exclusive: true }),
        reverse: b.logCumSumExp(x, 1, { reverse: true }),
        both: b.logCumSumExp(x, 1, { exclusive: true, reverse: true }),
      };
    }),
    feeds: (r) => {
      const x = randomFloats(r, [3, 7], -80, 80);
      const data = Float32Array.from(x.data);
      data.fill(NEG_INF, 7, 14);
      data[0] = NEG_INF;
      data[16] = 1e4;
      data[18] = NEG_INF;
      return { x: new Tensor('float32', [3, 7], data) };
    },
  },
  {
    name: 'LogAddExp with -inf on either or both sides',
    graph: graphOf((b) => ({
      y: b.logAddExp(b.input('a', 'float32', ['n', 4]), b.input('c', 'float32', [4])),
    })),
    feeds: (r) => ({
      a: withNegativeInfinity(randomFloats(r, [3, 4], -30, 30), [0, 1, 5]),
      c: withNegativeInfinity(randomFloats(r, [4], -30, 30), [1, 2]),
    }),
  },
  {
    name: 'Softmax on the last and first axes, fully masked rows give zeros',
    graph: graphOf((b) => {
      const x = b.input('x', 'float32', [2, 'n', 4]);
      return { last: b.softmax(x), first: b.softmax(x, 0) };
    }),
    feeds: (r) => ({ x: logSpaceInput(r, 20) }),
  },
  {
    name: 'LogSoftmax, fully masked rows give -inf',
    graph: graphOf((b) => ({ y: b.logSoftmax(b.input('x', 'float32', [2, 'n', 4]), -1) })),
    feeds: (r) => ({ x: logSpaceInput(r, 20) }),
  },
  {
    name: 'ReduceMean over symbolic and fixed axes',
    graph: graphOf((b) => {
      const x = b.input('x', 'float32', ['batch', 'n', 4]);
      return { a: b.reduceMean(x, [1]), b: b.reduceMean(x, [0, 2], true) };
    }),
    feeds: (r) => ({ x: randomFloats(r, [2, 3, 4]) }),
  },
  {
    name: 'LayerNorm',
    graph: graphOf((b) => {
      const x = b.input('x', 'float32', ['n', 6]);
      return { y: b.layerNorm(x, b.input('gamma', 'float32', [6]), b.input('beta', 'float32', [6]), 1e-5) };
    }),
    feeds: (r) => ({
      x: randomFloats(r, [3, 6], -3, 5),
      gamma: randomFloats(r, [6]),
      beta: randomFloats(r, [6]),
    }),
  },
  {
    name: 'Gelu exact and tanh-approximated',
    graph: graphOf((b) => {
      const x = b.input('x', 'float32', ['n', 5]);
      return { exact: b.gelu(x), tanh: b.gelu(x, 'tanh') };
    }),
    feeds: (r) => ({ x: randomFloats(r, [4, 5], -6, 6) }),
    // tfjs's erf approximation
    rtol: 1e-4,
  },
  {
    name: 'Sigmoid, Softplus, Elu and Relu including saturated inputs',
    graph: graphOf((b) => {
      const x = b.input('x', 'float32', ['n']);
      return { sigmoid: b.sigmoid(x), softplus: b.softplus(x), elu: b.elu(x), relu: b.relu(x) };
    }),
    feeds: (r) => ({
      x: Tensor.float32([...randomFloats(r, [10], -8, 8).data, -100, -30, -13.5, 0, 13.5, 30, 100], [17]),
    }),
  },
];
