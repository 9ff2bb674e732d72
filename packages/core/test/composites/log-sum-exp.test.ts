import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Tensor } from '../../src/index.js';
import {
  broadcastRead,
  broadcastShape,
  expectClose,
  logAddExp,
  ravel,
  rng,
  runGraph,
  sizeOf,
  uniform,
  unravel,
} from '../interpreter/oracle.js';

const NEG_INF = Number.NEGATIVE_INFINITY;

/** log(sum(exp)) over `axes` by explicit grouping, each group shifted by its own max. */
function naiveLogSumExp(x: Tensor, axes: readonly number[], keepDims: boolean) {
  const keptShape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const groups: number[][] = Array.from({ length: sizeOf(keptShape) }, () => []);
  for (let flat = 0; flat < x.size; flat++) {
    const index = unravel(flat, x.shape).map((v, i) => (axes.includes(i) ? 0 : v));
    groups[ravel(index, keptShape)]!.push(x.data[flat]!);
  }
  const data = groups.map((g) => {
    const m = Math.max(...g);
    if (m === NEG_INF) return NEG_INF;
    return m + Math.log(g.reduce((s, v) => s + Math.exp(v - m), 0));
  });
  return { shape: keepDims ? keptShape : x.shape.filter((_, i) => !axes.includes(i)), data };
}

describe('LogSumExp', () => {
  it('matches a per-group max-shifted sum for random shapes, axes and magnitudes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }).chain((shape) =>
          fc.record({
            shape: fc.constant(shape),
            axes: fc.subarray(
              shape.map((_, i) => i),
              { minLength: 1 },
            ),
            keepDims: fc.boolean(),
            scale: fc.constantFrom(1, 100, 1e4),
            seed: fc.integer(),
          }),
        ),
        ({ shape, axes, keepDims, scale, seed }) => {
          const x = Tensor.float64(uniform(rng(seed), sizeOf(shape), -scale, scale), shape);
          const out = runGraph({ x }, (g, v) => g.logSumExp(v.x!, axes, keepDims));
          const expected = naiveLogSumExp(x, axes, keepDims);
          expect(out.shape).toEqual(expected.shape);
          expectClose(out.data, expected.data, { rtol: 1e-14, atol: 1e-13 });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('handles 1e4 and -1e4 without overflow or underflow (hand-checked)', () => {
    const x = Tensor.float64([1e4, 1e4, -1e4, -1e4, 1e4, -1e4], [3, 2]);
    const out = runGraph({ x }, (g, v) => g.logSumExp(v.x!, [1])).toArray();
    expect(out[0]).toBeCloseTo(1e4 + Math.LN2, 10);
    expect(out[1]).toBeCloseTo(-1e4 + Math.LN2, 10);
    expect(out[2]).toBe(1e4); // exp(-2e4) vanishes next to 1
  });

  it('gives -inf for an all -inf row and ignores -inf entries elsewhere', () => {
    const x = Tensor.float64([NEG_INF, NEG_INF, NEG_INF, 0, NEG_INF, 0], [2, 3]);
    const out = runGraph({ x }, (g, v) => g.logSumExp(v.x!, [-1], true));
    expect(out.shape).toEqual([2, 1]);
    expect(out.toArray()).toEqual([NEG_INF, Math.LN2]);
  });
});

describe('LogAddExp', () => {
  it('matches the scalar oracle with broadcasting, huge magnitudes and -inf operands', () => {
    const a = Tensor.float64([NEG_INF, 0, 1e4, -1e4, 3, NEG_INF], [2, 3]);
    const b = Tensor.float64([NEG_INF, -1e4, 1e4], [3]);
    const out = runGraph({ a, b }, (g, v) => g.logAddExp(v.a!, v.b!));
    const shape = broadcastShape(a.shape, b.shape);
    const expected = Array.from({ length: sizeOf(shape) }, (_, flat) => {
      const index = unravel(flat, shape);
      return logAddExp(broadcastRead(a.data, a.shape, index), broadcastRead(b.data, b.shape, index));
    });
    expectClose(out.data, expected, { rtol: 1e-15, atol: 0 });
    expect(out.toArray()[0]).toBe(NEG_INF);
    expect(out.toArray()[3]).toBe(-1e4);
  });
});
