import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type GraphBuilder, Tensor, type Value } from '../../src/index.js';
import {
  broadcastRead,
  broadcastShape,
  expectClose,
  rng,
  runGraph,
  sizeOf,
  uniform,
  unravel,
} from './oracle.js';
import { broadcastable } from './shapes.js';

type Binary = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum';

const ARITH: Record<Binary, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => a ** b,
  maximum: (a, b) => Math.max(a, b),
  minimum: (a, b) => Math.min(a, b),
};

type Compare = 'less' | 'lessEqual' | 'greater' | 'greaterEqual' | 'equal';

const COMPARE: Record<Compare, (a: number, b: number) => boolean> = {
  less: (a, b) => a < b,
  lessEqual: (a, b) => a <= b,
  greater: (a, b) => a > b,
  greaterEqual: (a, b) => a >= b,
  equal: (a, b) => a === b,
};

/** out[i] = f(a[bcast], b[bcast]) over the broadcast shape, by explicit multi-indexing. */
function naiveBinary(
  a: Tensor,
  b: Tensor,
  f: (x: number, y: number) => number,
): { shape: number[]; data: number[] } {
  const shape = broadcastShape(a.shape, b.shape);
  const data = Array.from({ length: sizeOf(shape) }, (_, flat) => {
    const index = unravel(flat, shape);
    return f(broadcastRead(a.data, a.shape, index), broadcastRead(b.data, b.shape, index));
  });
  return { shape, data };
}

describe('elementwise ops vs direct JS', () => {
  it('binary arithmetic broadcasts numpy-style', () => {
    fc.assert(
      fc.property(broadcastable(2), ({ shapes: [sa, sb], seed }) => {
        const random = rng(seed);
        // Positive bases keep Pow real; ties between a and b exercise Maximum/Minimum.
        const a = Tensor.float64(uniform(random, sizeOf(sa!), 0.1, 3), sa!);
        const b = Tensor.float64(
          uniform(random, sizeOf(sb!), -3, 3).map((v) => Math.round(v * 2) / 2),
          sb!,
        );
        for (const op of Object.keys(ARITH) as Binary[]) {
          const out = runGraph({ a, b }, (g, x) => (g[op] as (p: Value, q: Value) => Value)(x.a!, x.b!));
          const expected = naiveBinary(a, b, ARITH[op]);
          expect(out.shape).toEqual(expected.shape);
          expectClose(out.data, expected.data, { rtol: 1e-15, atol: 0 });
        }
      }),
      { numRuns: 40 },
    );
  });

  it('comparisons give bool with ties handled exactly', () => {
    fc.assert(
      fc.property(broadcastable(2), ({ shapes: [sa, sb], seed }) => {
        const random = rng(seed);
        const ints = (n: number) => Float64Array.from({ length: n }, () => Math.floor(random() * 3));
        const a = Tensor.float64(ints(sizeOf(sa!)), sa!);
        const b = Tensor.float64(ints(sizeOf(sb!)), sb!);
        for (const op of Object.keys(COMPARE) as Compare[]) {
          const out = runGraph({ a, b }, (g, x) => g[op](x.a!, x.b!));
          expect(out.dtype).toBe('bool');
          expect(out.data).toBeInstanceOf(Uint8Array);
          expect(out.toArray()).toEqual(naiveBinary(a, b, (p, q) => (COMPARE[op](p, q) ? 1 : 0)).data);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('Where selects with three-way broadcasting', () => {
    fc.assert(
      fc.property(broadcastable(3), ({ shapes: [sc, sa, sb], seed }) => {
        const random = rng(seed);
        const cond = new Tensor(
          'bool',
          sc!,
          Uint8Array.from({ length: sizeOf(sc!) }, () => (random() < 0.5 ? 1 : 0)),
        );
        const a = Tensor.float64(uniform(random, sizeOf(sa!)), sa!);
        const b = Tensor.float64(uniform(random, sizeOf(sb!)), sb!);
        const out = runGraph({ cond, a, b }, (g, x) => g.where(x.cond!, x.a!, x.b!));
        const shape = broadcastShape(sc!, sa!, sb!);
        expect(out.shape).toEqual(shape);
        const expected = Array.from({ length: sizeOf(shape) }, (_, flat) => {
          const index = unravel(flat, shape);
          return broadcastRead(cond.data, sc!, index)
            ? broadcastRead(a.data, sa!, index)
            : broadcastRead(b.data, sb!, index);
        });
        expect(out.toArray()).toEqual(expected);
      }),
      { numRuns: 30 },
    );
  });

  it('unary float ops match Math', () => {
    const random = rng(1);
    const x = Tensor.float64(uniform(random, 50, -5, 5), [5, 10]);
    const positive = Tensor.float64(uniform(random, 50, 1e-3, 50), [50]);
    const unary: [(g: GraphBuilder, v: Value) => Value, (v: number) => number, Tensor][] = [
      [(g, v) => g.neg(v), (v) => -v, x],
      [(g, v) => g.abs(v), Math.abs, x],
      [(g, v) => g.exp(v), Math.exp, x],
      [(g, v) => g.tanh(v), Math.tanh, x],
      [(g, v) => g.log(v), Math.log, positive],
      [(g, v) => g.sqrt(v), Math.sqrt, positive],
    ];
    for (const [op, f, input] of unary) {
      const out = runGraph({ x: input }, (g, v) => op(g, v.x!));
      expectClose(out.data, Array.from(input.data, f), { rtol: 0, atol: 0 });
    }
  });

  it('propagates -inf through Exp, Log, Maximum and Add exactly', () => {
    const x = Tensor.float64([Number.NEGATIVE_INFINITY, 0, 2], [3]);
    expect(runGraph({ x }, (g, v) => g.exp(v.x!)).toArray()).toEqual([0, 1, Math.exp(2)]);
    expect(runGraph({ x }, (g, v) => g.log(g.exp(v.x!))).toArray()).toEqual([Number.NEGATIVE_INFINITY, 0, 2]);
    expect(runGraph({ x }, (g, v) => g.maximum(v.x!, Number.NEGATIVE_INFINITY)).toArray()).toEqual([
      Number.NEGATIVE_INFINITY,
      0,
      2,
    ]);
    expect(runGraph({ x }, (g, v) => g.add(v.x!, 1e300)).toArray()).toEqual([
      Number.NEGATIVE_INFINITY,
      1e300,
      1e300,
    ]);
  });

  it('logic ops on bool', () => {
    const p = new Tensor('bool', [4], Uint8Array.from([0, 0, 1, 1]));
    const q = new Tensor('bool', [4], Uint8Array.from([0, 1, 0, 1]));
    expect(runGraph({ p, q }, (g, v) => g.and(v.p!, v.q!)).toArray()).toEqual([0, 0, 0, 1]);
    expect(runGraph({ p, q }, (g, v) => g.or(v.p!, v.q!)).toArray()).toEqual([0, 1, 1, 1]);
    expect(runGraph({ p }, (g, v) => g.not(v.p!)).toArray()).toEqual([1, 1, 0, 0]);
  });

  it('int32 arithmetic truncates division toward zero', () => {
    const a = Tensor.int32([7, -7, 7, -7, 6], [5]);
    const b = Tensor.int32([2, 2, -2, -2, 3], [5]);
    const out = runGraph({ a, b }, (g, v) => g.div(v.a!, v.b!));
    expect(out.dtype).toBe('int32');
    expect(out.toArray()).toEqual([3, -3, -3, 3, 2]);
    expect(runGraph({ a, b }, (g, v) => g.sub(g.mul(v.a!, v.b!), 1)).toArray()).toEqual([
      13, -15, -15, 13, 17,
    ]);
  });

  it('Cast truncates to int32, maps nonzero to true, and widens bool and int32 to float', () => {
    const x = Tensor.float64([-2.7, -0.5, -0, 0, 0.5, 2.7, Number.NEGATIVE_INFINITY], [7]);
    expect(runGraph({ x }, (g, v) => g.cast(v.x!, 'int32')).toArray()).toEqual([-2, 0, 0, 0, 0, 2, 0]);
    expect(runGraph({ x }, (g, v) => g.cast(v.x!, 'bool')).toArray()).toEqual([1, 1, 0, 0, 1, 1, 1]);
    const m = new Tensor('bool', [2], Uint8Array.from([1, 0]));
    const toFloat = runGraph({ m }, (g, v) => g.cast(v.m!, 'float32'));
    expect([toFloat.dtype, ...toFloat.toArray()]).toEqual(['float32', 1, 0]);
    expect(runGraph({ i: Tensor.int32([-3, 5], [2]) }, (g, v) => g.cast(v.i!, 'float32')).toArray()).toEqual([
      -3, 5,
    ]);
  });

  it('keeps float32 feeds in float64 (the oracle is not rounded to float32)', () => {
    const x = Tensor.float32([1, 3], [2]);
    const out = runGraph({ x }, (g, v) => g.div(v.x!, 3));
    expect(out.data).toBeInstanceOf(Float64Array);
    expect(out.toArray()).toEqual([1 / 3, 1]);
  });
});
