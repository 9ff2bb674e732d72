import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Tensor } from '../../src/index.js';
import { expectClose, rng, runGraph, sizeOf, uniform } from '../interpreter/oracle.js';

const NEG_INF = Number.NEGATIVE_INFINITY;

/** Applies `f` to every line of `x` along `axis` (a fresh array per line). */
function alongAxis(x: Tensor, axis: number, f: (line: number[]) => number[]): number[] {
  const shape = x.shape;
  const n = shape[axis]!;
  const inner = sizeOf(shape.slice(axis + 1));
  const outer = sizeOf(shape.slice(0, axis));
  const out = new Array<number>(x.size);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = (j: number) => (o * n + j) * inner + i;
      const line = f(Array.from({ length: n }, (_, j) => x.data[at(j)]!));
      line.forEach((v, j) => {
        out[at(j)] = v;
      });
    }
  }
  return out;
}

function softmaxLine(line: number[]): number[] {
  const m = Math.max(...line);
  if (m === NEG_INF) return line.map(() => 0);
  const e = line.map((v) => Math.exp(v - m));
  const s = e.reduce((p, q) => p + q, 0);
  return e.map((v) => v / s);
}

function logSoftmaxLine(line: number[]): number[] {
  const m = Math.max(...line);
  if (m === NEG_INF) return line.map(() => NEG_INF);
  const lse = m + Math.log(line.reduce((p, v) => p + Math.exp(v - m), 0));
  return line.map((v) => v - lse);
}

const cases = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }).chain((shape) =>
  fc.record({
    shape: fc.constant(shape),
    axis: fc.integer({ min: -shape.length, max: shape.length - 1 }),
    scale: fc.constantFrom(1, 50, 1e4),
    maskRate: fc.constantFrom(0, 0.3),
    seed: fc.integer(),
  }),
);

function input({
  shape,
  scale,
  maskRate,
  seed,
}: {
  shape: number[];
  scale: number;
  maskRate: number;
  seed: number;
}) {
  const random = rng(seed);
  const data = uniform(random, sizeOf(shape), -scale, scale).map((v) => (random() < maskRate ? NEG_INF : v));
  return Tensor.float64(data, shape);
}

describe('Softmax and LogSoftmax', () => {
  it('match direct JS for random shapes, axes, large logits and -inf masks', () => {
    fc.assert(
      fc.property(cases, (c) => {
        const x = input(c);
        const axis = c.axis < 0 ? c.axis + c.shape.length : c.axis;
        const soft = runGraph({ x }, (g, v) => g.softmax(v.x!, c.axis));
        const logSoft = runGraph({ x }, (g, v) => g.logSoftmax(v.x!, c.axis));
        expectClose(soft.data, alongAxis(x, axis, softmaxLine), { rtol: 1e-13, atol: 1e-15 });
        expectClose(logSoft.data, alongAxis(x, axis, logSoftmaxLine), { rtol: 1e-13, atol: 1e-12 });
      }),
      { numRuns: 60 },
    );
  });

  it('gives zeros for an all -inf row and exact zeros for -inf entries', () => {
    const x = Tensor.float64([NEG_INF, NEG_INF, NEG_INF, 1, NEG_INF, 1], [2, 3]);
    expect(runGraph({ x }, (g, v) => g.softmax(v.x!)).toArray()).toEqual([0, 0, 0, 0.5, 0, 0.5]);
    expectClose(
      runGraph({ x }, (g, v) => g.logSoftmax(v.x!)).data,
      [NEG_INF, NEG_INF, NEG_INF, -Math.LN2, NEG_INF, -Math.LN2],
      { rtol: 1e-15, atol: 0 },
    );
  });

  it('does not overflow on logits of 1e4 (hand-checked)', () => {
    const x = Tensor.float64([1e4, 1e4 - Math.log(3), -1e4], [3]);
    const out = runGraph({ x }, (g, v) => g.softmax(v.x!)).toArray();
    expectClose(out, [0.75, 0.25, 0], { rtol: 1e-12, atol: 0 });
  });
});
