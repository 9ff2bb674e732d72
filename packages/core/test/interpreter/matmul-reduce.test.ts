import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Tensor } from '../../src/index.js';
import { broadcastShape, expectClose, ravel, rng, runGraph, sizeOf, uniform, unravel } from './oracle.js';
import { broadcastable } from './shapes.js';

describe('MatMul', () => {
  it('matches a triple loop with numpy batch broadcasting', () => {
    fc.assert(
      fc.property(
        broadcastable(2),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        ({ shapes: [ba, bb], seed }, m, k, n) => {
          const random = rng(seed);
          const sa = [...ba!, m, k];
          const sb = [...bb!, k, n];
          const a = Tensor.float64(uniform(random, sizeOf(sa)), sa);
          const b = Tensor.float64(uniform(random, sizeOf(sb)), sb);
          const out = runGraph({ a, b }, (g, x) => g.matmul(x.a!, x.b!));
          const batch = broadcastShape(ba!, bb!);
          expect(out.shape).toEqual([...batch, m, n]);
          const expected = Array.from({ length: sizeOf(out.shape) }, (_, flat) => {
            const index = unravel(flat, out.shape);
            const [i, j] = index.slice(-2) as [number, number];
            const batchIndex = index.slice(0, -2);
            const pick = (shape: number[]) =>
              shape.map((d, axis) => (d === 1 ? 0 : batchIndex[axis + batch.length - shape.length]!));
            let sum = 0;
            for (let p = 0; p < k; p++) {
              sum += a.data[ravel([...pick(ba!), i, p], sa)]! * b.data[ravel([...pick(bb!), p, j], sb)]!;
            }
            return sum;
          });
          expectClose(out.data, expected, { rtol: 1e-14, atol: 1e-14 });
        },
      ),
      { numRuns: 40 },
    );
  });
});

/** Reduces `x` over `axes` by plain iteration over every element. */
function naiveReduce(
  x: Tensor,
  axes: readonly number[],
  keepDims: boolean,
  init: number,
  f: (acc: number, v: number) => number,
) {
  const keptShape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const acc = new Array<number>(sizeOf(keptShape)).fill(init);
  for (let flat = 0; flat < x.size; flat++) {
    const index = unravel(flat, x.shape).map((v, i) => (axes.includes(i) ? 0 : v));
    const o = ravel(index, keptShape);
    acc[o] = f(acc[o]!, x.data[flat]!);
  }
  return { shape: keepDims ? keptShape : x.shape.filter((_, i) => !axes.includes(i)), data: acc };
}

describe('reductions', () => {
  const shapeAndAxes = fc
    .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 })
    .chain((shape) =>
      fc.record({
        shape: fc.constant(shape),
        axes: fc.subarray(
          shape.map((_, i) => i),
          { minLength: 1 },
        ),
        negative: fc.boolean(),
        keepDims: fc.boolean(),
        seed: fc.integer(),
      }),
    );

  it('ReduceSum and ReduceMax over several axes, with and without keepDims', () => {
    fc.assert(
      fc.property(shapeAndAxes, ({ shape, axes, negative, keepDims, seed }) => {
        const x = Tensor.float64(uniform(rng(seed), sizeOf(shape)), shape);
        const attrAxes = negative ? axes.map((a) => a - shape.length) : axes;
        const sum = runGraph({ x }, (g, v) => g.reduceSum(v.x!, attrAxes, keepDims));
        const max = runGraph({ x }, (g, v) => g.reduceMax(v.x!, attrAxes, keepDims));
        const expectedSum = naiveReduce(x, axes, keepDims, 0, (p, q) => p + q);
        const expectedMax = naiveReduce(x, axes, keepDims, Number.NEGATIVE_INFINITY, Math.max);
        expect(sum.shape).toEqual(expectedSum.shape);
        expect(max.shape).toEqual(expectedMax.shape);
        expectClose(sum.data, expectedSum.data, { rtol: 1e-14, atol: 1e-14 });
        expect(max.toArray()).toEqual(expectedMax.data);
      }),
      { numRuns: 60 },
    );
  });

  it('ReduceMax of an all -inf row is -inf, and int32 reductions stay int32', () => {
    const x = Tensor.float64(
      [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, 1, Number.NEGATIVE_INFINITY],
      [2, 2],
    );
    expect(runGraph({ x }, (g, v) => g.reduceMax(v.x!, [1])).toArray()).toEqual([
      Number.NEGATIVE_INFINITY,
      1,
    ]);
    const i = Tensor.int32([-5, -9, 3, -1], [2, 2]);
    const max = runGraph({ i }, (g, v) => g.reduceMax(v.i!, [1]));
    expect([max.dtype, ...max.toArray()]).toEqual(['int32', -5, 3]);
    expect(runGraph({ i }, (g, v) => g.reduceSum(v.i!, [0, 1], true)).toArray()).toEqual([-12]);
  });

  it('CumSum inclusive/exclusive and forward/reverse along any axis', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }),
        fc.nat(),
        fc.boolean(),
        fc.boolean(),
        fc.integer(),
        (shape, axisSeed, exclusive, reverse, seed) => {
          const axis = axisSeed % shape.length;
          const x = Tensor.float64(uniform(rng(seed), sizeOf(shape)), shape);
          const out = runGraph({ x }, (g, v) => g.cumSum(v.x!, axis - shape.length, { exclusive, reverse }));
          const expected = Array.from({ length: x.size }, (_, flat) => {
            const index = unravel(flat, shape);
            let sum = 0;
            for (let j = 0; j < shape[axis]!; j++) {
              const before = reverse ? j > index[axis]! : j < index[axis]!;
              if (before || (!exclusive && j === index[axis])) {
                const at = [...index];
                at[axis] = j;
                sum += x.data[ravel(at, shape)]!;
              }
            }
            return sum;
          });
          expectClose(out.data, expected, { rtol: 1e-13, atol: 1e-13 });
        },
      ),
      { numRuns: 50 },
    );
  });

  it('CumSum hand-checked case', () => {
    const x = Tensor.float64([1, 2, 3, 4], [4]);
    expect(runGraph({ x }, (g, v) => g.cumSum(v.x!, 0)).toArray()).toEqual([1, 3, 6, 10]);
    expect(runGraph({ x }, (g, v) => g.cumSum(v.x!, 0, { exclusive: true })).toArray()).toEqual([0, 1, 3, 6]);
    expect(runGraph({ x }, (g, v) => g.cumSum(v.x!, 0, { reverse: true })).toArray()).toEqual([10, 9, 7, 4]);
    expect(
      runGraph({ x }, (g, v) => g.cumSum(v.x!, 0, { exclusive: true, reverse: true })).toArray(),
    ).toEqual([9, 7, 4, 0]);
  });
});
