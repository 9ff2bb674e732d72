import { type Graph, GraphBuilder, Tensor, type Value } from '@constant-attention/core';
import { randomBool, randomFloat, randomInt, seededRandom } from './random.js';

/**
 * Every primitive op, lowered to ONNX and run on ORT, against the float64 interpreter. Graphs use a
 * symbolic 'batch' dim wherever the op allows, so run-time shape resolution is exercised too.
 */
export interface Case {
  readonly name: string;
  readonly graph: Graph;
  readonly feeds: Record<string, Tensor>;
}

const rand = seededRandom(1234);
const BATCH = 3;

function unaryCase(op: string, f: (b: GraphBuilder, x: Value) => Value, x: Tensor): Case {
  const b = new GraphBuilder();
  const input = b.input('x', 'float32', ['batch', x.shape[1]!]);
  return { name: op, graph: b.build({ y: f(b, input) }), feeds: { x } };
}

function binaryCase(
  name: string,
  dtype: 'float32' | 'int32' | 'bool',
  f: (b: GraphBuilder, x: Value, y: Value) => Value,
  x: Tensor,
  y: Tensor,
): Case {
  const b = new GraphBuilder();
  const xi = b.input('x', dtype, ['batch', x.shape[1]!]);
  const yi = b.input('y', dtype, [y.shape[0]!]);
  return { name, graph: b.build({ z: f(b, xi, yi) }), feeds: { x, y } };
}

const withInf = () => randomFloat(rand, [BATCH, 5], { negInf: 0.2 });
const finite = () => randomFloat(rand, [BATCH, 5]);
const positive = () => randomFloat(rand, [BATCH, 5], { scale: 1.5, offset: 1.6 });

function intTensor(values: number[]): Tensor {
  return Tensor.int32(values, [values.length]);
}

export const CASES: Case[] = [
  unaryCase('Neg', (b, x) => b.neg(x), withInf()),
  unaryCase('Abs', (b, x) => b.abs(x), withInf()),
  unaryCase('Exp', (b, x) => b.exp(x), withInf()),
  unaryCase('Log', (b, x) => b.log(x), positive()),
  unaryCase('Log of 0 is -inf', (b, x) => b.log(b.mul(x, 0)), positive()),
  unaryCase('Sqrt', (b, x) => b.sqrt(x), positive()),
  unaryCase('Tanh', (b, x) => b.tanh(x), withInf()),
  unaryCase('Erf', (b, x) => b.erf(x), withInf()),
];

for (const [name, f] of [
  ['Add', (b: GraphBuilder, x: Value, y: Value) => b.add(x, y)],
  ['Sub', (b: GraphBuilder, x: Value, y: Value) => b.sub(x, y)],
  ['Mul', (b: GraphBuilder, x: Value, y: Value) => b.mul(x, y)],
  ['Maximum', (b: GraphBuilder, x: Value, y: Value) => b.maximum(x, y)],
  ['Minimum', (b: GraphBuilder, x: Value, y: Value) => b.minimum(x, y)],
  ['Less', (b: GraphBuilder, x: Value, y: Value) => b.less(x, y)],
  ['LessEqual', (b: GraphBuilder, x: Value, y: Value) => b.lessEqual(x, y)],
  ['Greater', (b: GraphBuilder, x: Value, y: Value) => b.greater(x, y)],
  ['GreaterEqual', (b: GraphBuilder, x: Value, y: Value) => b.greaterEqual(x, y)],
  ['Equal', (b: GraphBuilder, x: Value, y: Value) => b.equal(x, y)],
] as const) {
  // Finite x against a y with -inf; ties are forced so Equal and LessEqual see equal operands.
  const y = randomFloat(rand, [5], { negInf: 0.2 });
  const x = finite();
  for (let i = 0; i < 5; i++) x.data[i] = y.data[i]!;
  CASES.push(binaryCase(`${name} float32`, 'float32', f, x, y));
  const yi = randomInt(rand, [5], -4, 4);
  const xi = randomInt(rand, [BATCH, 5], -4, 4);
  CASES.push(binaryCase(`${name} int32`, 'int32', f, xi, yi));
}
CASES.push(
  binaryCase(
    'Div float32',
    'float32',
    (b, x, y) => b.div(x, y),
    withInf(),
    randomFloat(rand, [5], { offset: 3 }),
  ),
  binaryCase(
    'Div int32 truncates toward zero',
    'int32',
    (b, x, y) => b.div(x, y),
    randomInt(rand, [BATCH, 5], -20, 20),
    intTensor([3, -3, 7, -2, 5]),
  ),
  binaryCase('Pow float32', 'float32', (b, x, y) => b.pow(x, y), positive(), randomFloat(rand, [5])),
  binaryCase(
    'Pow int32',
    'int32',
    (b, x, y) => b.pow(x, y),
    randomInt(rand, [BATCH, 5], -3, 3),
    intTensor([0, 1, 2, 3, 2]),
  ),
  binaryCase('And', 'bool', (b, x, y) => b.and(x, y), randomBool(rand, [BATCH, 5]), randomBool(rand, [5])),
  binaryCase('Or', 'bool', (b, x, y) => b.or(x, y), randomBool(rand, [BATCH, 5]), randomBool(rand, [5])),
);

function graphCase(
  name: string,
  build: (b: GraphBuilder) => Record<string, Value>,
  feeds: Record<string, Tensor>,
): Case {
  const b = new GraphBuilder();
  return { name, graph: b.build(build(b)), feeds };
}

CASES.push(
  graphCase('Not', (b) => ({ y: b.not(b.input('x', 'bool', ['batch', 5])) }), {
    x: randomBool(rand, [BATCH, 5]),
  }),
  graphCase(
    'Where float32, int32, bool',
    (b) => {
      const c = b.input('c', 'bool', ['batch', 5]);
      const x = b.input('x', 'float32', ['batch', 5]);
      const i = b.input('i', 'int32', [5]);
      const p = b.input('p', 'bool', [1, 5]);
      return {
        f: b.where(c, x, Number.NEGATIVE_INFINITY),
        wi: b.where(c, i, b.mul(i, -1)),
        wp: b.where(c, p, b.not(p)),
      };
    },
    {
      c: randomBool(rand, [BATCH, 5]),
      x: withInf(),
      i: randomInt(rand, [5], -9, 9),
      p: randomBool(rand, [1, 5]),
    },
  ),
  graphCase(
    'Cast between float32, int32 and bool',
    (b) => {
      const x = b.input('x', 'float32', ['batch', 5]);
      const i = b.input('i', 'int32', ['batch', 5]);
      const p = b.input('p', 'bool', ['batch', 5]);
      return {
        fi: b.cast(x, 'int32'),
        fb: b.cast(x, 'bool'),
        if_: b.cast(i, 'float32'),
        ib: b.cast(i, 'bool'),
        bf: b.cast(p, 'float32'),
        bi: b.cast(p, 'int32'),
      };
    },
    {
      x: randomFloat(rand, [BATCH, 5], { scale: 5 }),
      i: randomInt(rand, [BATCH, 5], -2, 2),
      p: randomBool(rand, [BATCH, 5]),
    },
  ),
  graphCase(
    'MatMul batched with broadcasting',
    (b) => ({
      y: b.matmul(b.input('a', 'float32', ['batch', 2, 3, 4]), b.input('w', 'float32', [4, 5])),
      z: b.matmul(b.input('c', 'float32', [2, 1, 3, 4]), b.input('d', 'float32', [1, 'batch', 4, 2])),
    }),
    {
      a: randomFloat(rand, [BATCH, 2, 3, 4]),
      w: randomFloat(rand, [4, 5]),
      c: randomFloat(rand, [2, 1, 3, 4]),
      d: randomFloat(rand, [1, BATCH, 4, 2]),
    },
  ),
  graphCase(
    'ReduceSum and ReduceMax (float32 with -inf rows, int32, keepDims, several axes, no axes)',
    (b) => {
      const x = b.input('x', 'float32', ['batch', 4, 5]);
      const i = b.input('i', 'int32', ['batch', 5]);
      return {
        s1: b.reduceSum(x, [-1]),
        s2: b.reduceSum(x, [0, 2], true),
        s0: b.reduceSum(x, []),
        m1: b.reduceMax(x, [2], true),
        m2: b.reduceMax(x, [0, 1]),
        m0: b.reduceMax(x, []),
        si: b.reduceSum(i, [1]),
        mi: b.reduceMax(i, [0], true),
      };
    },
    (() => {
      const x = randomFloat(rand, [BATCH, 4, 5], { negInf: 0.3 });
      for (let j = 0; j < 5; j++) x.data[j] = Number.NEGATIVE_INFINITY;
      return { x, i: randomInt(rand, [BATCH, 5], -50, 50) };
    })(),
  ),
  graphCase(
    'CumSum inclusive, exclusive, reverse (float32, int32)',
    (b) => {
      const x = b.input('x', 'float32', ['batch', 6]);
      const i = b.input('i', 'int32', [6, 'batch']);
      return {
        a: b.cumSum(x, 1),
        e: b.cumSum(x, -1, { exclusive: true }),
        r: b.cumSum(x, 1, { reverse: true }),
        er: b.cumSum(x, 1, { exclusive: true, reverse: true }),
        ib: b.cumSum(i, 1),
        i0: b.cumSum(i, 0, { exclusive: true, reverse: true }),
      };
    },
    { x: randomFloat(rand, [BATCH, 6]), i: randomInt(rand, [6, BATCH], -9, 9) },
  ),
  graphCase(
    'Reshape with symbolic dims and -1, Transpose',
    (b) => {
      const x = b.input('x', 'float32', ['batch', 4, 6]);
      return {
        r: b.reshape(x, ['batch', -1, 3]),
        r2: b.reshape(x, [2, 'batch', 12]),
        t: b.transpose(x, [2, 0, 1]),
        t2: b.transposeLast2(b.reshape(x, [4, 'batch', 6])),
      };
    },
    { x: randomFloat(rand, [BATCH, 4, 6], { negInf: 0.1 }) },
  ),
  graphCase(
    'Slice with concrete and symbolic ends, Concat',
    (b) => {
      const x = b.input('x', 'float32', ['batch', 7]);
      const i = b.input('i', 'int32', ['batch', 2]);
      return {
        s: b.slice(x, [0, 1], [0, 2], ['batch', 6]),
        s1: b.slice(x, [1], [3], [3]),
        c: b.concat([x, b.slice(x, [1], [1], [4]), x], 1),
        ci: b.concat([i, i], 1),
      };
    },
    { x: randomFloat(rand, [BATCH, 7]), i: randomInt(rand, [BATCH, 2], -5, 5) },
  ),
  graphCase(
    'Pad with -inf, int32 and bool',
    (b) => ({
      f: b.pad(
        b.input('x', 'float32', [2, 3]),
        [
          [1, 2],
          [0, 3],
        ],
        Number.NEGATIVE_INFINITY,
      ),
      pi: b.padAxis(b.input('i', 'int32', ['batch', 3]), 1, 2, 1, 7),
      pb: b.padAxis(b.input('p', 'bool', [2, 'batch']), 0, 1, 1, 1),
    }),
    { x: randomFloat(rand, [2, 3]), i: randomInt(rand, [BATCH, 3], -5, 5), p: randomBool(rand, [2, BATCH]) },
  ),
  graphCase(
    'Gather on float32 and int32 with 2-D indices',
    (b) => {
      const x = b.input('x', 'float32', ['batch', 5]);
      const i = b.input('i', 'int32', [5, 'batch']);
      const idx = b.input('idx', 'int32', [2, 2]);
      return {
        g: b.gather(x, idx, 1),
        gi: b.gather(i, idx, 0),
        g0: b.gather(x, b.constant([2, 0], [2], 'int32'), 0),
      };
    },
    { x: withInf(), i: randomInt(rand, [5, BATCH], -9, 9), idx: intTensor([0, 4, 2, 2]).reshape([2, 2]) },
  ),
  graphCase(
    "ScatterAdd with repeated indices and a symbolic index count (Gather's gradient)",
    (b) => {
      const x = b.input('x', 'float32', [5, 'batch']);
      const idx = b.input('idx', 'int32', ['k']);
      const u = b.input('u', 'float32', ['k', 'batch']);
      return {
        s: b.scatterAdd(x, idx, u),
        z: b.scatterAdd(b.expand(b.scalar(0), [5, 'batch']), idx, u),
        r1: b.scatterAdd(b.constant([1, 2, 3, 4, 5], [5]), idx, b.reduceSum(u, [1])),
      };
    },
    {
      x: randomFloat(rand, [5, BATCH]),
      idx: intTensor([4, 0, 4, 1, 4, 0]),
      u: randomFloat(rand, [6, BATCH]),
    },
  ),
  graphCase(
    'Expand to symbolic shapes',
    (b) => {
      const x = b.input('x', 'float32', ['batch', 1, 4]);
      const y = b.input('y', 'float32', ['seq', 1]);
      return {
        e: b.expand(x, ['batch', 'seq', 4]),
        e2: b.expand(b.scalar(2.5), ['seq', 3]),
        e3: b.expand(y, [2, 'seq', 4]),
      };
    },
    { x: randomFloat(rand, [BATCH, 1, 4]), y: randomFloat(rand, [5, 1]) },
  ),
  graphCase(
    'Iota (concrete and symbolic, float32 and int32) and Constants',
    (b) => {
      const x = b.input('x', 'float32', ['batch', 2]);
      return {
        ci: b.iota(4, 'int32'),
        cf: b.iota(3, 'float32'),
        si: b.iota('batch', 'int32'),
        sf: b.add(b.iota('batch', 'float32'), b.reduceSum(x, [1])),
        kf: b.constant([1.5, Number.NEGATIVE_INFINITY, -0], [3]),
        ki: b.constant([1, -2, 3, 4], [2, 2], 'int32'),
        kb: b.constant([1, 0], [2], 'bool'),
        s: b.scalar(3),
      };
    },
    { x: randomFloat(rand, [BATCH, 2]) },
  ),
  graphCase(
    // WebGPU binds each Concat input as a storage buffer, at most 8 per shader with the output.
    'Concat of more inputs than one WebGPU shader binds',
    (b) => {
      const x = b.input('x', 'float32', ['batch', 17]);
      const i = b.input('i', 'int32', ['batch', 2]);
      const columns = Array.from({ length: 17 }, (_, c) => b.slice(x, [1], [16 - c], [17 - c]));
      return {
        c: b.concat([...columns, x, b.slice(x, [1], [2], [5])], 1),
        ci: b.concat(
          Array.from({ length: 8 }, () => i),
          1,
        ),
        rows: b.concat(
          Array.from({ length: 9 }, (_, r) => b.reshape(b.slice(x, [1], [r], [r + 1]), [1, 'batch'])),
          0,
        ),
      };
    },
    { x: randomFloat(rand, [BATCH, 17], { negInf: 0.1 }), i: randomInt(rand, [BATCH, 2], -5, 5) },
  ),
);
