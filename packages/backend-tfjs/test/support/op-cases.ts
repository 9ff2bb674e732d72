import { type Graph, GraphBuilder, Tensor, type Value } from '@constant-attention/core';
import { randomBools, randomFloats, randomInts, withNegativeInfinity } from './random.js';

export interface OpCase {
  readonly name: string;
  readonly graph: Graph;
  readonly feeds: (random: () => number) => Record<string, Tensor>;
  /** Looser bound for ops whose tfjs kernels are approximations (erf, pow). */
  readonly rtol?: number;
}

function unaryCase(
  name: string,
  op: (b: GraphBuilder, x: Value) => Value,
  low: number,
  high: number,
  rtol?: number,
): OpCase {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', ['n', 5]);
  return {
    name,
    graph: b.build({ y: op(b, x) }),
    feeds: (r) => ({ x: randomFloats(r, [3, 5], low, high) }),
    rtol,
  };
}

function binaryCase(
  name: string,
  op: (b: GraphBuilder, x: Value, y: Value) => Value,
  dtype: 'float32' | 'int32',
  low = -3,
  high = 3,
  avoidZeroInY = false,
): OpCase {
  const b = new GraphBuilder();
  // Broadcasting [n, 1, 4] against [3, 1] exercises both directions plus a symbolic dim.
  const x = b.input('x', dtype, ['n', 1, 4]);
  const y = b.input('y', dtype, [3, 1]);
  return {
    name: `${name} (${dtype})`,
    graph: b.build({ z: op(b, x, y) }),
    feeds: (r) => {
      const make = (shape: number[]) =>
        dtype === 'float32' ? randomFloats(r, shape, low, high) : randomInts(r, shape, low, high);
      let yv = make([3, 1]);
      if (avoidZeroInY)
        yv = new Tensor(yv.dtype, yv.shape, yv.data.map((v) => (v === 0 ? 2 : v)) as typeof yv.data);
      return { x: make([2, 1, 4]), y: yv };
    },
  };
}

function graphOf(build: (b: GraphBuilder) => Record<string, Value>): Graph {
  const b = new GraphBuilder();
  return b.build(build(b));
}

/** One or more graphs per primitive op, with inputs that reach its edge cases. */
export const PRIMITIVE_CASES: readonly OpCase[] = [
  unaryCase('Neg', (b, x) => b.neg(x), -3, 3),
  unaryCase('Abs', (b, x) => b.abs(x), -3, 3),
  unaryCase('Exp', (b, x) => b.exp(x), -5, 5),
  unaryCase('Log', (b, x) => b.log(x), 0.01, 10),
  unaryCase('Sqrt', (b, x) => b.sqrt(x), 0, 10),
  unaryCase('Tanh', (b, x) => b.tanh(x), -4, 4),
  // tfjs's erf is a rational approximation good to about 1e-7 absolute.
  unaryCase('Erf', (b, x) => b.erf(x), -3, 3, 1e-4),
  {
    name: 'Log and Exp at the -inf boundary',
    graph: graphOf((b) => {
      const x = b.input('x', 'float32', [4]);
      return { log: b.log(x), exp: b.exp(b.log(x)) };
    }),
    feeds: () => ({ x: Tensor.float32([0, 1, 2, 0], [4]) }),
  },
  binaryCase('Add', (b, x, y) => b.add(x, y), 'float32'),
  binaryCase('Sub', (b, x, y) => b.sub(x, y), 'float32'),
  binaryCase('Mul', (b, x, y) => b.mul(x, y), 'float32'),
  binaryCase('Div', (b, x, y) => b.div(x, y), 'float32', 0.5, 3),
  binaryCase('Pow', (b, x, y) => b.pow(x, y), 'float32', 0.1, 3),
  binaryCase('Maximum', (b, x, y) => b.maximum(x, y), 'float32'),
  binaryCase('Minimum', (b, x, y) => b.minimum(x, y), 'float32'),
  binaryCase('Add', (b, x, y) => b.add(x, y), 'int32', -50, 50),
  binaryCase('Sub', (b, x, y) => b.sub(x, y), 'int32', -50, 50),
  binaryCase('Mul', (b, x, y) => b.mul(x, y), 'int32', -50, 50),
  // Negative operands: core truncates toward zero, tfjs floors.
  binaryCase('Div', (b, x, y) => b.div(x, y), 'int32', -20, 20, true),
  binaryCase('Pow', (b, x, y) => b.pow(x, y), 'int32', 0, 4),
  binaryCase('Maximum', (b, x, y) => b.maximum(x, y), 'int32', -50, 50),
  binaryCase('Minimum', (b, x, y) => b.minimum(x, y), 'int32', -50, 50),
  binaryCase('Less', (b, x, y) => b.less(x, y), 'int32', -2, 2),
  binaryCase('LessEqual', (b, x, y) => b.lessEqual(x, y), 'int32', -2, 2),
  binaryCase('Greater', (b, x, y) => b.greater(x, y), 'float32'),
  binaryCase('GreaterEqual', (b, x, y) => b.greaterEqual(x, y), 'int32', -2, 2),
  binaryCase('Equal', (b, x, y) => b.equal(x, y), 'int32', -2, 2),
  {
    name: 'Equal against -inf (float32)',
    graph: graphOf((b) => {
      const x = b.input('x', 'float32', [5]);
      return { eq: b.equal(x, Number.NEGATIVE_INFINITY), lt: b.less(x, 0) };
    }),
    feeds: (r) => ({ x: withNegativeInfinity(randomFloats(r, [5]), [1, 3]) }),
  },
  {
    name: 'And, Or, Not',
    graph: graphOf((b) => {
      const p = b.input('p', 'bool', [2, 3]);
      const q = b.input('q', 'bool', [3]);
      return { and: b.and(p, q), or: b.or(p, q), not: b.not(p) };
    }),
    feeds: (r) => ({ p: randomBools(r, [2, 3]), q: randomBools(r, [3]) }),
  },
  {
    name: 'Where with a broadcast condition',
    graph: graphOf((b) => {
      const c = b.input('c', 'bool', [1, 4]);
      const x = b.input('x', 'float32', ['n', 1]);
      return { w: b.where(c, x, Number.NEGATIVE_INFINITY) };
    }),
    feeds: (r) => ({ c: randomBools(r, [1, 4]), x: randomFloats(r, [3, 1]) }),
  },
  {
    name: 'Where over int32 and bool branches',
    graph: graphOf((b) => {
      const c = b.input('c', 'bool', [3, 2]);
      const i = b.input('i', 'int32', [2]);
      const p = b.input('p', 'bool', [3, 2]);
      return { ints: b.where(c, i, 7), bools: b.where(c, p, b.not(p)) };
    }),
    feeds: (r) => ({ c: randomBools(r, [3, 2]), i: randomInts(r, [2], -5, 5), p: randomBools(r, [3, 2]) }),
  },
  {
    name: 'Cast between every dtype pair',
    graph: graphOf((b) => {
      const x = b.input('x', 'float32', [6]);
      const i = b.input('i', 'int32', [6]);
      const p = b.input('p', 'bool', [6]);
      return {
        f2i: b.cast(x, 'int32'),
        f2b: b.cast(x, 'bool'),
        i2f: b.cast(i, 'float32'),
        i2b: b.cast(i, 'bool'),
        b2f: b.cast(p, 'float32'),
        b2i: b.cast(p, 'int32'),
      };
    }),
    feeds: (r) => ({
      x: Tensor.float32([-2.7, -0.5, 0, 0.5, 1.9, 3], [6]),
      i: randomInts(r, [6], -2, 3),
      p: randomBools(r, [6]),
    }),
  },
  {
    name: 'MatMul 2-D',
    graph: graphOf((b) => ({
      y: b.matmul(b.input('a', 'float32', [3, 4]), b.input('b', 'float32', [4, 5])),
    })),
    feeds: (r) => ({ a: randomFloats(r, [3, 4]), b: randomFloats(r, [4, 5]) }),
  },
  {
    name: 'MatMul batched with symbolic batch and broadcast batch dims',
    graph: graphOf((b) => {
      const a = b.input('a', 'float32', ['batch', 1, 'seq', 4]);
      const w = b.input('w', 'float32', [4, 3]);
      const k = b.input('k', 'float32', [1, 2, 4, 'seq']);
      return { flat: b.matmul(a, w), broadcast: b.matmul(a, k) };
    }),
    feeds: (r) => ({
      a: randomFloats(r, [2, 1, 3, 4]),
      w: randomFloats(r, [4, 3]),
      k: randomFloats(r, [1, 2, 4, 3]),
    }),
  },
  {
    name: 'ReduceSum and ReduceMax over several axes',
    graph: graphOf((b) => {
      const x = b.input('x', 'float32', [2, 'n', 4]);
      const i = b.input('i', 'int32', [2, 'n', 4]);
      return {
        sum: b.reduceSum(x, [0, 2]),
        sumKeep: b.reduceSum(x, [-1], true),
        max: b.reduceMax(x, [1]),
        maxKeep: b.reduceMax(x, [0, 1, 2], true),
        isum: b.reduceSum(i, [1]),
        imax: b.reduceMax(i, [2], true),
      };
    }),
    feeds: (r) => ({
      x: withNegativeInfinity(randomFloats(r, [2, 3, 4]), [0, 4, 8]),
      i: randomInts(r, [2, 3, 4], -9, 9),
    }),
  },
  {
    name: 'CumSum in every direction',
    graph: graphOf((b) => {
      const x = b.input('x', 'float32', [3, 'n']);
      const i = b.input('i', 'int32', [3, 'n']);
      return {
        inclusive: b.cumSum(x, 1),
        exclusive: b.cumSum(x, -1, { exclusive: true }),
        reverse: b.cumSum(x, 1, { reverse: true }),
        both: b.cumSum(x, 0, { exclusive: true, reverse: true }),
        ints: b.cumSum(i, 1, { reverse: true }),
      };
    }),
    feeds: (r) => ({ x: randomFloats(r, [3, 5]), i: randomInts(r, [3, 5], -9, 9) }),
  },
  {
    name: 'Reshape with -1 and symbols',
    graph: graphOf((b) => {
      const x = b.input('x', 'float32', ['batch', 'seq', 6]);
      const y = b.input('y', 'int32', [2, 3, 4]);
      return {
        ra: b.reshape(x, ['batch', 'seq', 2, 3]),
        rb: b.reshape(y, [-1, 4]),
        rc: b.reshape(x, [-1, 'seq', 6]),
      };
    }),
    feeds: (r) => ({ x: randomFloats(r, [2, 3, 6]), y: randomInts(r, [2, 3, 4], -9, 9) }),
  },
  {
    name: 'Transpose of float and bool',
    graph: graphOf((b) => {
      const x = b.input('x', 'float32', [2, 'n', 4]);
      const p = b.input('p', 'bool', [2, 3]);
      return { xt: b.transpose(x, [2, 0, 1]), pt: b.transpose(p, [1, 0]) };
    }),
    feeds: (r) => ({ x: randomFloats(r, [2, 3, 4]), p: randomBools(r, [2, 3]) }),
  },
  {
    name: 'Slice with a symbolic end',
    graph: graphOf((b) => {
      const x = b.input('x', 'float32', [4, 'n', 5]);
      const p = b.input('p', 'bool', [4]);
      return {
        sa: b.slice(x, [0, 2], [1, 2], [3, 5]),
        sb: b.slice(x, [1], [0], ['n']),
        sp: b.slice(p, [0], [1], [3]),
      };
    }),
    feeds: (r) => ({ x: randomFloats(r, [4, 3, 5]), p: randomBools(r, [4]) }),
  },
  {
    name: 'Concat of float, int32 and bool',
    graph: graphOf((b) => {
      const x = b.input('x', 'float32', ['n', 2]);
      const y = b.input('y', 'float32', ['n', 3]);
      const i = b.input('i', 'int32', [2]);
      const p = b.input('p', 'bool', [2, 1]);
      return { fc: b.concat([x, y, x], 1), ic: b.concat([i, i], 0), pc: b.concat([p, b.not(p)], 1) };
    }),
    feeds: (r) => ({
      x: randomFloats(r, [3, 2]),
      y: randomFloats(r, [3, 3]),
      i: randomInts(r, [2], 0, 9),
      p: randomBools(r, [2, 1]),
    }),
  },
  {
    name: "Concat growing a symbolic cache ('past' + 1)",
    graph: graphOf((b) => {
      const past = b.input('past', 'float32', [1, 'past', 2]);
      const now = b.input('now', 'float32', [1, 1, 2]);
      const grown = b.concat([past, now], 1);
      return { grown, total: b.reduceSum(grown, [1]), positions: b.iota(grown.dim(1), 'int32') };
    }),
    feeds: (r) => ({ past: randomFloats(r, [1, 3, 2]), now: randomFloats(r, [1, 1, 2]) }),
  },
  {
    name: 'Pad with -inf, int32 and bool',
    graph: graphOf((b) => {
      const x = b.input('x', 'float32', [2, 3]);
      const i = b.input('i', 'int32', [2]);
      const p = b.input('p', 'bool', [2]);
      return {
        fp: b.pad(
          x,
          [
            [1, 0],
            [2, 1],
          ],
          Number.NEGATIVE_INFINITY,
        ),
        ip: b.padAxis(i, 0, 1, 2, 5),
        pp: b.padAxis(p, 0, 2, 0, 1),
      };
    }),
    feeds: (r) => ({ x: randomFloats(r, [2, 3]), i: randomInts(r, [2], 0, 9), p: randomBools(r, [2]) }),
  },
  {
    name: 'Gather with matrix indices on float and bool',
    graph: graphOf((b) => {
      const x = b.input('x', 'float32', [3, 'n']);
      const idx = b.input('idx', 'int32', [2, 2]);
      const p = b.input('p', 'bool', [4]);
      return {
        ga: b.gather(x, idx, 1),
        gb: b.gather(x, b.constant([2, 0], [2], 'int32'), 0),
        gp: b.gather(p, idx, 0),
      };
    }),
    feeds: (r) => ({ x: randomFloats(r, [3, 4]), idx: randomInts(r, [2, 2], 0, 4), p: randomBools(r, [4]) }),
  },
  {
    name: "ScatterAdd with repeated indices and a symbolic index count (Gather's gradient)",
    graph: graphOf((b) => {
      const x = b.input('x', 'float32', [5, 'n']);
      const idx = b.input('idx', 'int32', ['k']);
      const u = b.input('u', 'float32', ['k', 'n']);
      return {
        s: b.scatterAdd(x, idx, u),
        z: b.scatterAdd(b.expand(b.scalar(0), [5, 'n']), idx, u),
        r1: b.scatterAdd(b.constant([1, 2, 3, 4, 5], [5]), idx, b.reduceSum(u, [1])),
      };
    }),
    feeds: (r) => ({
      x: randomFloats(r, [5, 3]),
      idx: Tensor.int32([4, 0, 4, 1, 4, 0], [6]),
      u: randomFloats(r, [6, 3]),
    }),
  },
  {
    name: 'Expand, including a target smaller than the input',
    graph: graphOf((b) => {
      const x = b.input('x', 'float32', ['n', 1]);
      const p = b.input('p', 'bool', [1, 3]);
      return { ea: b.expand(x, [2, 'n', 4]), eb: b.expand(x, [1, 1]), ep: b.expand(p, [2, 3]) };
    }),
    feeds: (r) => ({ x: randomFloats(r, [3, 1]), p: randomBools(r, [1, 3]) }),
  },
  {
    name: 'Iota of symbolic length and Constant of every dtype',
    graph: graphOf((b) => {
      const x = b.input('x', 'float32', ['n']);
      return {
        fi: b.add(b.iota('n', 'float32'), x),
        ii: b.iota('n', 'int32'),
        cf: b.constant([1.5, Number.NEGATIVE_INFINITY, 1e-3], [3]),
        ci: b.constant([-4, 7], [2, 1], 'int32'),
        cb: b.constant([1, 0, 1], [3], 'bool'),
      };
    }),
    feeds: (r) => ({ x: randomFloats(r, [5]) }),
  },
];
