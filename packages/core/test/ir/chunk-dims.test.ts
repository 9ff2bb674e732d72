import { describe, expect, it } from 'vitest';
import {
  addDims,
  ceilDivDim,
  dimAtMost,
  evaluate,
  GraphBuilder,
  GraphError,
  grad,
  InvalidArgumentError,
  resolveDim,
  ShapeError,
  scaleDim,
  Tensor,
} from '../../src/index.js';
import { expectError } from './expect-error.js';

const bound = (seq: number, past = 0) =>
  new Map([
    ['seq', seq],
    ['past', past],
  ]);

describe('chunk-count and sum dims', () => {
  it('resolve to ceil(n / D) * S and to sums of symbols, checked against plain arithmetic', () => {
    for (const n of [0, 1, 3, 4, 5, 8, 13]) {
      expect(resolveDim(ceilDivDim('seq', 4), bound(n))).toBe(Math.ceil(n / 4));
      expect(resolveDim(ceilDivDim('seq', 4, 4), bound(n))).toBe(Math.ceil(n / 4) * 4);
      expect(resolveDim(scaleDim(ceilDivDim('seq', 4), 8), bound(n))).toBe(Math.ceil(n / 4) * 8);
      expect(resolveDim(ceilDivDim('seq+3', 4, 4), bound(n))).toBe(Math.ceil((n + 3) / 4) * 4);
      expect(resolveDim(addDims('past', 'seq')!, bound(n, 6))).toBe(n + 6);
      expect(resolveDim(addDims(addDims('seq', 'past')!, 2)!, bound(n, 6))).toBe(n + 8);
    }
    expect(ceilDivDim(13, 4)).toBe(4);
    expect(ceilDivDim(13, 4, 4)).toBe(16);
    expect(ceilDivDim('seq', 1)).toBe('seq');
    // One spelling for a sum, however it was formed.
    expect(addDims('seq', 'past')).toBe(addDims('past', 'seq'));
  });

  it('refuse what they cannot express with typed errors', () => {
    expectError(() => ceilDivDim('past+seq', 4), ShapeError, ["'past+seq'"]);
    expectError(() => ceilDivDim('seq', 0), InvalidArgumentError, ['divisor 0']);
    expectError(() => scaleDim('past+seq', 2), ShapeError, ["'past+seq'"]);
    expect(addDims(ceilDivDim('seq', 4), 1)).toBeUndefined();
    expect(addDims(addDims('past', 'seq')!, 'n')).toBeUndefined();
  });

  it('dimAtMost holds where it is true for every length, checked over lengths 0..40', () => {
    const pairs: [string | number, string | number, boolean][] = [
      ['seq', ceilDivDim('seq', 4, 4), true],
      [ceilDivDim('seq', 4, 4), 'seq+3', true],
      [ceilDivDim('seq', 4, 4), 'seq+2', false],
      [ceilDivDim('seq', 4, 4), 'seq', false],
      ['seq+3', ceilDivDim('seq+3', 4, 4), true],
      [ceilDivDim('seq+3', 4, 4), 'seq+6', true],
      [ceilDivDim('seq+3', 4), ceilDivDim('seq', 4), false],
      ['seq', 'past+seq', true],
      ['past+seq', 'seq', false],
      [ceilDivDim('seq', 4), ceilDivDim('seq', 4, 4), true],
      [2, 'seq+3', true],
      [4, 'seq+3', false],
    ];
    for (const [a, b, expected] of pairs) {
      expect(dimAtMost(a, b), `${a} <= ${b}`).toBe(expected);
      if (!expected) continue;
      for (let n = 0; n <= 40; n++)
        expect(resolveDim(a, bound(n, 3)) <= resolveDim(b, bound(n, 3)), `${a} <= ${b} at n = ${n}`).toBe(
          true,
        );
    }
  });
});

describe('padding a symbolic length to whole chunks in-graph', () => {
  /** Pad by C - 1, Slice to ceil(n/C)*C, Reshape to chunks, and back: the chunked forms' plan. */
  function chunkRoundTrip(chunk: number) {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', ['seq', 2]);
    const padded = b.slice(b.padAxis(x, 0, 0, chunk - 1, -1), [0], [0], [ceilDivDim('seq', chunk, chunk)]);
    const chunks = b.reshape(padded, [ceilDivDim('seq', chunk), chunk, 2]);
    const back = b.slice(b.reshape(chunks, [ceilDivDim('seq', chunk, chunk), 2]), [0], [0], ['seq']);
    return { graph: b.build({ chunks, back, count: b.iota(ceilDivDim('seq', chunk)) }), chunks };
  }

  it('infers the chunk dims and gives the padded chunks and the input back at every length', () => {
    const { graph, chunks } = chunkRoundTrip(4);
    expect(chunks.shape).toEqual(['ceil(seq/4)', 4, 2]);
    for (const n of [1, 3, 4, 5, 8, 13]) {
      const data = Array.from({ length: n * 2 }, (_, i) => i + 1);
      const out = evaluate(graph, { x: Tensor.float64(data, [n, 2]) });
      const count = Math.ceil(n / 4);
      const expected = [...data, ...Array.from({ length: count * 8 - n * 2 }, () => -1)];
      expect(out.chunks!.shape).toEqual([count, 4, 2]);
      expect(out.chunks!.toArray()).toEqual(expected);
      expect(out.back!.toArray()).toEqual(data);
      expect(out.count!.toArray()).toEqual(Array.from({ length: count }, (_, i) => i));
    }
  });

  it('refuses a slice end that can exceed the dim, and chunk dims on inputs', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', ['seq', 2]);
    expectError(() => b.slice(b.padAxis(x, 0, 0, 2), [0], [0], [ceilDivDim('seq', 4, 4)]), ShapeError, [
      'Slice',
      'ceil(seq/4)*4',
    ]);
    expectError(() => b.slice(x, [0], [1], ['seq']), ShapeError, ['start 0']);
    expectError(() => b.input('y', 'float32', [ceilDivDim('seq', 4)]), GraphError, ['plain symbols']);
    expectError(() => b.padAxis(b.reshape(x, [ceilDivDim('seq', 1, 2)]), 0, 0, 1), ShapeError, ['Pad']);
  });

  it('has no gradient through the slice back to a symbolic length (a pad by a run-time amount)', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', ['seq', 2]);
    const padded = b.slice(b.padAxis(x, 0, 0, 3), [0], [0], [ceilDivDim('seq', 4, 4)]);
    const loss = b.reduceSum(b.slice(padded, [0], [0], ['seq']), [0, 1]);
    expectError(() => grad(b.build({ loss }), { of: 'loss', wrt: ['x'] }), GraphError, ['ceil(seq/4)*4']);
  });
});
