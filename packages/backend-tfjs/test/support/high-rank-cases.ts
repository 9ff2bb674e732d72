import { type Graph, GraphBuilder, type Value } from '@constant-attention/core';
import type { OpCase } from './op-cases.js';
import { randomBools, randomFloats, randomInts, withNegativeInfinity } from './random.js';

function graphOf(build: (b: GraphBuilder) => Record<string, Value>): Graph {
  const b = new GraphBuilder();
  return b.build(build(b));
}

/**
 * Ranks 5 and 6, past what tfjs's GPU select kernel supports natively (rank 4); chunked mechanisms such
 * as heinsen reach rank 6. Rank 7 is left out: tfjs-wasm's broadcasting binary ops and pad return
 * garbage there, and no mechanism needs it. Shapes stay tiny.
 */
export const HIGH_RANK_CASES: readonly OpCase[] = [5, 6].flatMap((rank): OpCase[] => {
  const shape = Array.from({ length: rank }, (_, i) => (i % 2 === 0 ? 2 : 3));
  const size = shape.reduce((a, d) => a * d, 1);
  const ones = shape.map(() => 1);
  // Broadcast shapes: the condition varies along the first and last axes, a branch along the middle.
  const condShape = shape.map((d, i) => (i === 0 || i === rank - 1 ? d : 1));
  const branchShape = shape.map((d, i) => (i === 1 ? d : 1));
  const reversed = shape.map((_, i) => rank - 1 - i);
  const infAt = [0, 5, size - 1];
  return [
    {
      name: `Where at rank ${rank}, broadcast operands, -inf kept exact`,
      graph: graphOf((b) => {
        const c = b.input('c', 'bool', condShape);
        const x = b.input('x', 'float32', shape);
        const y = b.input('y', 'float32', branchShape);
        const i = b.input('i', 'int32', shape);
        const p = b.input('p', 'bool', shape);
        return {
          full: b.where(c, x, y),
          scalarBranch: b.where(c, Number.NEGATIVE_INFINITY, x),
          ints: b.where(c, i, 7),
          bools: b.where(c, p, b.not(p)),
        };
      }),
      feeds: (r) => {
        return {
          c: randomBools(r, condShape),
          x: withNegativeInfinity(randomFloats(r, shape), infAt),
          y: randomFloats(r, branchShape),
          i: randomInts(r, shape, -9, 9),
          p: randomBools(r, shape),
        };
      },
    },
    {
      name: `Elementwise, compare and Cast at rank ${rank} with broadcasting`,
      graph: graphOf((b) => {
        const x = b.input('x', 'float32', shape);
        const y = b.input('y', 'float32', branchShape);
        const i = b.input('i', 'int32', shape);
        return {
          add: b.add(x, y),
          max: b.maximum(x, y),
          less: b.less(x, y),
          log: b.log(b.abs(x)),
          idiv: b.div(i, 3),
          cast: b.cast(i, 'float32'),
        };
      }),
      feeds: (r) => {
        const x = randomFloats(r, shape);
        (x.data as Float32Array)[2] = 0;
        return { x, y: randomFloats(r, branchShape), i: randomInts(r, shape, -9, 9) };
      },
    },
    {
      name: `Transpose, Slice, Pad and Concat at rank ${rank}`,
      graph: graphOf((b) => {
        const x = b.input('x', 'float32', shape);
        const p = b.input('p', 'bool', shape);
        return {
          xt: b.transpose(x, reversed),
          pt: b.transpose(p, reversed),
          xs: b.slice(x, [1, rank - 1], [1, 1], [3, 2]),
          xp: b.padAxis(x, rank - 2, 1, 1, Number.NEGATIVE_INFINITY),
          pp: b.padAxis(p, 0, 0, 1, 1),
          xc: b.concat([x, x], rank - 3),
          pc: b.concat([p, b.not(p)], 1),
        };
      }),
      feeds: (r) => ({ x: withNegativeInfinity(randomFloats(r, shape), infAt), p: randomBools(r, shape) }),
    },
    {
      name: `Gather and Expand at rank ${rank}`,
      graph: graphOf((b) => {
        const x = b.input('x', 'float32', shape);
        const idx = b.input('idx', 'int32', [2]);
        const small = b.input('small', 'float32', branchShape);
        const p = b.input('p', 'bool', condShape);
        return {
          gx: b.gather(x, idx, 1),
          gLast: b.gather(x, idx, rank - 1),
          ex: b.expand(small, shape),
          ep: b.expand(p, shape),
        };
      }),
      feeds: (r) => ({
        x: withNegativeInfinity(randomFloats(r, shape), infAt),
        idx: randomInts(r, [2], 0, 2),
        small: withNegativeInfinity(randomFloats(r, branchShape), [0]),
        p: randomBools(r, condShape),
      }),
    },
    {
      name: `Reductions, CumSum and MatMul at rank ${rank}`,
      graph: graphOf((b) => {
        const x = b.input('x', 'float32', shape);
        const w = b.input('w', 'float32', [...ones.slice(2), shape[rank - 1]!, 2]);
        return {
          sum: b.reduceSum(x, [1, rank - 1]),
          max: b.reduceMax(x, [0], true),
          cum: b.cumSum(x, rank - 2, { reverse: true }),
          cumFirst: b.cumSum(x, 0, { exclusive: true }),
          mm: b.matmul(x, w),
        };
      }),
      feeds: (r) => ({
        x: randomFloats(r, shape),
        w: randomFloats(r, [...ones.slice(2), shape[rank - 1]!, 2]),
      }),
    },
  ];
});
