import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, GraphBuilder, InvalidInputValueError, Tensor } from '../../src/index.js';
import { expectError } from '../ir/expect-error.js';
import { broadcastRead, broadcastShape, ravel, rng, runGraph, sizeOf, uniform, unravel } from './oracle.js';

const NEG_INF = Number.NEGATIVE_INFINITY;
const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 });

/** Values 0, 1, 2, ... so every element is identifiable after a layout change. */
function counting(shape: number[]): Tensor {
  return Tensor.float64(
    Array.from({ length: sizeOf(shape) }, (_, i) => i),
    shape,
  );
}

describe('layout ops vs explicit index arithmetic', () => {
  it('Transpose by any permutation', () => {
    fc.assert(
      fc.property(
        shapeArb.chain((shape) =>
          fc.tuple(
            fc.constant(shape),
            fc.shuffledSubarray(
              shape.map((_, i) => i),
              { minLength: shape.length, maxLength: shape.length },
            ),
          ),
        ),
        ([shape, perm]) => {
          const x = counting(shape);
          const out = runGraph({ x }, (g, v) => g.transpose(v.x!, perm));
          expect(out.shape).toEqual(perm.map((p) => shape[p]));
          const expected = Array.from({ length: x.size }, (_, flat) => {
            const outIndex = unravel(flat, out.shape as number[]);
            const inIndex = new Array<number>(shape.length);
            perm.forEach((p, i) => {
              inIndex[p] = outIndex[i]!;
            });
            return ravel(inIndex, shape);
          });
          expect(out.toArray()).toEqual(expected);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('Reshape keeps row-major order and infers -1', () => {
    const x = counting([2, 3, 4]);
    const out = runGraph({ x }, (g, v) => g.reshape(v.x!, [4, -1]));
    expect(out.shape).toEqual([4, 6]);
    expect(out.toArray()).toEqual(x.toArray());
    const b = new GraphBuilder();
    const s = b.input('s', 'float32', ['n', 6]);
    const graph = b.build({ y: b.reshape(s, ['n', 3, -1]) });
    const y = evaluate(graph, { s: counting([2, 6]) }).y!;
    expect(y.shape).toEqual([2, 3, 2]);
    expect(y.toArray()).toEqual(counting([12]).toArray());
  });

  it('Slice boxes along chosen axes', () => {
    fc.assert(
      fc.property(
        shapeArb.chain((shape) =>
          fc.record({
            shape: fc.constant(shape),
            ranges: fc.tuple(
              ...shape.map((d) =>
                fc
                  .tuple(fc.integer({ min: 0, max: d }), fc.integer({ min: 0, max: d }))
                  .map(([p, q]) => [Math.min(p, q), Math.max(p, q)] as const),
              ),
            ),
          }),
        ),
        ({ shape, ranges }) => {
          const x = counting(shape);
          const axes = shape.map((_, i) => i);
          const out = runGraph({ x }, (g, v) =>
            g.slice(
              v.x!,
              axes,
              ranges.map((r) => r[0]),
              ranges.map((r) => r[1]),
            ),
          );
          const outShape = ranges.map(([s, e]) => e - s);
          expect(out.shape).toEqual(outShape);
          const expected = Array.from({ length: sizeOf(outShape) }, (_, flat) =>
            ravel(
              unravel(flat, outShape).map((i, axis) => i + ranges[axis]![0]),
              shape,
            ),
          );
          expect(out.toArray()).toEqual(expected);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('Slice nodes added directly with negative axes slice the right axis', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2, 3]);
    const graph = b.build({ y: b.node('Slice', [x], { axes: [-1], starts: [1], ends: [3] }) });
    const y = evaluate(graph, { x: counting([2, 3]) }).y!;
    expect([y.shape, y.toArray()]).toEqual([
      [2, 2],
      [1, 2, 4, 5],
    ]);
  });

  it('Slice to a symbolic end takes the whole run-time length', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [3, 'seq']);
    const graph = b.build({ y: b.slice(x, [0, -1], [1, 0], [3, 'seq']) });
    const y = evaluate(graph, { x: counting([3, 5]) }).y!;
    expect(y.shape).toEqual([2, 5]);
    expect(y.toArray()).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  });

  it('Concat of several inputs along any axis', () => {
    fc.assert(
      fc.property(
        shapeArb,
        fc.nat(),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }),
        (shape, axisSeed, lengths) => {
          const axis = axisSeed % shape.length;
          const parts = lengths.map((len, p) => {
            const s = shape.map((d, i) => (i === axis ? len : d));
            return Tensor.float64(
              Array.from({ length: sizeOf(s) }, (_, i) => 1000 * p + i),
              s,
            );
          });
          const feeds = Object.fromEntries(parts.map((t, p) => [`p${p}`, t]));
          const out = runGraph(feeds, (g, v) =>
            g.concat(
              parts.map((_, p) => v[`p${p}`]!),
              axis,
            ),
          );
          const outShape = shape.map((d, i) => (i === axis ? lengths.reduce((a, b) => a + b, 0) : d));
          expect(out.shape).toEqual(outShape);
          const expected = Array.from({ length: sizeOf(outShape) }, (_, flat) => {
            const index = unravel(flat, outShape);
            let p = 0;
            let at = index[axis]!;
            while (at >= lengths[p]!) at -= lengths[p++]!;
            index[axis] = at;
            return 1000 * p + ravel(index, parts[p]!.shape as number[]);
          });
          expect(out.toArray()).toEqual(expected);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('Concat along each axis', () => {
    const a = counting([2, 3]);
    const b = Tensor.float64([100, 101, 102, 103], [2, 2]);
    expect(runGraph({ a, b }, (g, v) => g.concat([v.a!, v.b!], 1)).toArray()).toEqual([
      0, 1, 2, 100, 101, 3, 4, 5, 102, 103,
    ]);
    const c = Tensor.float64([100, 101, 102], [1, 3]);
    const out = runGraph({ a, c }, (g, v) => g.concat([v.c!, v.a!, v.c!], -2));
    expect(out.shape).toEqual([4, 3]);
    expect(out.toArray()).toEqual([100, 101, 102, 0, 1, 2, 3, 4, 5, 100, 101, 102]);
  });

  it('Pad places the input at its offsets and fills the rest', () => {
    fc.assert(
      fc.property(
        shapeArb.chain((shape) =>
          fc.tuple(fc.constant(shape), fc.tuple(...shape.map(() => fc.tuple(fc.nat(2), fc.nat(2))))),
        ),
        ([shape, pads]) => {
          const x = counting(shape);
          const out = runGraph({ x }, (g, v) => g.pad(v.x!, pads, -1));
          const outShape = shape.map((d, i) => d + pads[i]![0] + pads[i]![1]);
          expect(out.shape).toEqual(outShape);
          const expected = Array.from({ length: sizeOf(outShape) }, (_, flat) => {
            const index = unravel(flat, outShape).map((v, i) => v - pads[i]![0]);
            return index.every((v, i) => v >= 0 && v < shape[i]!) ? ravel(index, shape) : -1;
          });
          expect(out.toArray()).toEqual(expected);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('Pad with a constant, including -inf', () => {
    const x = counting([2, 2]);
    const out = runGraph({ x }, (g, v) =>
      g.pad(
        v.x!,
        [
          [1, 0],
          [0, 2],
        ],
        NEG_INF,
      ),
    );
    expect(out.shape).toEqual([3, 4]);
    expect(out.toArray()).toEqual([
      NEG_INF,
      NEG_INF,
      NEG_INF,
      NEG_INF,
      0,
      1,
      NEG_INF,
      NEG_INF,
      2,
      3,
      NEG_INF,
      NEG_INF,
    ]);
    expect(runGraph({ x }, (g, v) => g.padAxis(v.x!, -1, 1, 1, 7)).toArray()).toEqual([
      7, 0, 1, 7, 7, 2, 3, 7,
    ]);
  });

  it('Gather with multi-dimensional indices on a middle axis', () => {
    const x = counting([2, 4, 3]);
    const idx = Tensor.int32([3, 0, 0, 2], [2, 2]);
    const out = runGraph({ x, idx }, (g, v) => g.gather(v.x!, v.idx!, 1));
    expect(out.shape).toEqual([2, 2, 2, 3]);
    const expected = Array.from({ length: out.size }, (_, flat) => {
      const [o, i, j, k] = unravel(flat, [2, 2, 2, 3]) as [number, number, number, number];
      return ravel([o, idx.data[i * 2 + j]!, k], [2, 4, 3]);
    });
    expect(out.toArray()).toEqual(expected);
    const bad = Tensor.int32([4], [1]);
    expectError(
      () => runGraph({ x, idx: bad }, (g, v) => g.gather(v.x!, v.idx!, 1)),
      InvalidInputValueError,
      ['Gather', 'index 4'],
    );
  });

  it('Expand broadcasts to a target shape, symbolic dims bound at run time', () => {
    const x = Tensor.float64(uniform(rng(3), 3), [3, 1]);
    const out = runGraph({ x }, (g, v) => g.expand(v.x!, [2, 3, 4]));
    const shape = broadcastShape([3, 1], [2, 3, 4]);
    expect(out.shape).toEqual(shape);
    expect(out.toArray()).toEqual(
      Array.from({ length: sizeOf(shape) }, (_, flat) => broadcastRead(x.data, [3, 1], unravel(flat, shape))),
    );
    const b = new GraphBuilder();
    const s = b.input('s', 'float32', ['n']);
    const graph = b.build({ y: b.expand(b.scalar(2.5), [2, 'n']), copy: b.neg(s) });
    const y = evaluate(graph, { s: counting([3]) }).y!;
    expect([y.shape, y.toArray()]).toEqual([
      [2, 3],
      [2.5, 2.5, 2.5, 2.5, 2.5, 2.5],
    ]);
  });

  it('Iota with a symbolic length bound at run time, as a causal mask', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', ['seq', 'seq']);
    const i = b.iota('seq');
    const mask = b.lessEqual(b.reshape(i, [1, 'seq']), b.reshape(i, ['seq', 1]));
    const graph = b.build({ y: b.where(mask, x, NEG_INF), fi: b.iota('seq', 'float32') });
    for (const n of [1, 4]) {
      const out = evaluate(graph, { x: counting([n, n]) });
      expect(out.fi!.toArray()).toEqual(Array.from({ length: n }, (_, k) => k));
      expect(out.fi!.dtype).toBe('float32');
      const expected = Array.from({ length: n * n }, (_, flat) =>
        flat % n <= Math.floor(flat / n) ? flat : NEG_INF,
      );
      expect(out.y!.toArray()).toEqual(expected);
    }
  });
});
