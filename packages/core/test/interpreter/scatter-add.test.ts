import { describe, expect, it } from 'vitest';
import {
  DTypeError,
  GraphBuilder,
  InvalidInputValueError,
  RankError,
  ShapeError,
  Tensor,
} from '../../src/index.js';
import { expectError } from '../ir/expect-error.js';
import { rng, runGraph, uniform } from './oracle.js';

describe('ScatterAdd', () => {
  it('adds each update row to its index, duplicates summed: out[r] = data[r] + sum over k with idx[k] = r', () => {
    const data = Tensor.float64(uniform(rng(1), 12), [4, 3]);
    const updates = Tensor.float64(uniform(rng(2), 18), [6, 3]);
    const indices = [2, 0, 2, 3, 2, 0];
    const idx = Tensor.int32(indices, [6]);
    const out = runGraph({ data, idx, updates }, (g, v) => g.scatterAdd(v.data!, v.idx!, v.updates!));
    expect(out.shape).toEqual([4, 3]);
    const expected = Array.from({ length: 12 }, (_, flat) => {
      const [r, c] = [Math.floor(flat / 3), flat % 3];
      let sum = data.data[flat]!;
      indices.forEach((row, k) => {
        if (row === r) sum += updates.data[k * 3 + c]!;
      });
      return sum;
    });
    out.toArray().forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 12));
    // Row 1 has no index: it keeps data's values exactly.
    expect(out.toArray().slice(3, 6)).toEqual(Array.from(data.data).slice(3, 6));
  });

  it('refuses an index out of range', () => {
    const data = Tensor.float64([0, 0, 0], [3]);
    const updates = Tensor.float64([1], [1]);
    expectError(
      () =>
        runGraph({ data, idx: Tensor.int32([3], [1]), updates }, (g, v) =>
          g.scatterAdd(v.data!, v.idx!, v.updates!),
        ),
      InvalidInputValueError,
      ['ScatterAdd', 'index 3'],
    );
  });

  it('checks dtypes and shapes when the graph is built', () => {
    const b = new GraphBuilder();
    const data = b.input('d', 'float32', [4, 3]);
    const idx = b.input('i', 'int32', [5]);
    expect(b.scatterAdd(data, idx, b.input('u', 'float32', [5, 3])).shape).toEqual([4, 3]);
    expectError(() => b.scatterAdd(data, data, data), DTypeError, ['ScatterAdd', 'int32']);
    expectError(() => b.scatterAdd(data, b.input('i2', 'int32', [5, 1]), data), RankError, [
      'ScatterAdd',
      'rank 1',
    ]);
    expectError(() => b.scatterAdd(data, idx, b.input('u2', 'float32', [5, 2])), ShapeError, [
      'ScatterAdd',
      '[5, 3]',
      '[5, 2]',
    ]);
    expectError(() => b.scatterAdd(b.scalar(0), idx, b.input('u3', 'float32', [5])), RankError, [
      'ScatterAdd',
      'rank >= 1',
    ]);
  });
});
