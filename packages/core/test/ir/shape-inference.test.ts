import { describe, expect, it } from 'vitest';
import {
  DTypeError,
  GraphBuilder,
  InvalidArgumentError,
  RankError,
  ShapeError,
  type Value,
} from '../../src/index.js';
import { expectError } from './expect-error.js';

function f32(b: GraphBuilder, name: string, shape: (number | string)[]): Value {
  return b.input(name, 'float32', shape);
}

describe('inferred shapes and dtypes', () => {
  it('broadcasts elementwise ops numpy-style and keeps the dtype', () => {
    const b = new GraphBuilder();
    const y = b.add(f32(b, 'a', [2, 1, 4]), f32(b, 'b', [3, 1]));
    expect(y.shape).toEqual([2, 3, 4]);
    expect(y.dtype).toBe('float32');
    expect(b.less(y, 0).dtype).toBe('bool');
    expect(b.add(b.input('i', 'int32', [5]), 1).dtype).toBe('int32');
  });

  it('infers batched MatMul, reductions, transpose, slice, concat, pad, gather and expand', () => {
    const b = new GraphBuilder();
    const x = f32(b, 'x', [2, 3, 4]);
    expect(b.matmul(f32(b, 'a', [5, 1, 2, 3]), f32(b, 'c', [4, 3, 6])).shape).toEqual([5, 4, 2, 6]);
    expect(b.reduceSum(x, [0, -1]).shape).toEqual([3]);
    expect(b.reduceMax(x, [1], true).shape).toEqual([2, 1, 4]);
    expect(b.transpose(x, [2, 0, 1]).shape).toEqual([4, 2, 3]);
    expect(b.slice(x, [-1, 1], [1, 0], [3, 2]).shape).toEqual([2, 2, 2]);
    expect(b.concat([x, f32(b, 'y', [2, 5, 4])], 1).shape).toEqual([2, 8, 4]);
    expect(
      b.pad(x, [
        [0, 0],
        [1, 2],
        [0, 1],
      ]).shape,
    ).toEqual([2, 6, 5]);
    expect(b.gather(x, b.input('idx', 'int32', [7, 2]), 1).shape).toEqual([2, 7, 2, 4]);
    expect(b.expand(f32(b, 'e', [3, 1]), [2, 3, 5]).shape).toEqual([2, 3, 5]);
    expect(b.cast(x, 'int32').dtype).toBe('int32');
  });
});

describe('shape errors name the op and the shapes', () => {
  it('rejects elementwise broadcasting of mismatched shapes', () => {
    const b = new GraphBuilder();
    expectError(() => b.add(f32(b, 'a', [2, 3]), f32(b, 'b', [4, 3])), ShapeError, [
      'Add',
      '[2, 3]',
      '[4, 3]',
    ]);
    expectError(() => b.less(f32(b, 'c', [5]), f32(b, 'd', [6])), ShapeError, ['Less', '[5]', '[6]']);
    expectError(() => b.where(b.input('m', 'bool', [2]), f32(b, 'e', [3]), 0), ShapeError, [
      'Where',
      '[2]',
      '[3]',
    ]);
    expectError(() => b.logAddExp(f32(b, 'g', [2, 4]), f32(b, 'h', [3, 4])), ShapeError, [
      'LogAddExp',
      '[2, 4]',
      '[3, 4]',
    ]);
  });

  it('rejects MatMul inner-dimension mismatch, rank < 2 and unbroadcastable batches', () => {
    const b = new GraphBuilder();
    expectError(() => b.matmul(f32(b, 'a', [2, 3]), f32(b, 'b', [4, 5])), ShapeError, [
      'MatMul',
      '3 vs 4',
      '[2, 3]',
      '[4, 5]',
    ]);
    expectError(() => b.matmul(f32(b, 'c', [3]), f32(b, 'd', [3, 4])), RankError, [
      'MatMul',
      'rank >= 2',
      '[3]',
    ]);
    expectError(() => b.matmul(f32(b, 'e', [2, 2]), f32(b, 'f', [2])), RankError, ['MatMul']);
    expectError(() => b.matmul(f32(b, 'g', [2, 3, 4]), f32(b, 'h', [5, 4, 6])), ShapeError, [
      'MatMul',
      '[2]',
      '[5]',
    ]);
  });

  it('rejects reshapes whose element counts differ', () => {
    const b = new GraphBuilder();
    const x = f32(b, 'x', [2, 3]);
    expectError(() => b.reshape(x, [4]), ShapeError, ['Reshape', '[2, 3]', '[4]']);
    expectError(() => b.reshape(x, [4, -1]), ShapeError, ['Reshape', '[2, 3]']);
    expectError(() => b.reshape(x, [-1, -1]), InvalidArgumentError, ['Reshape', 'at most one -1']);
    expectError(() => b.reshape(x, [0, -1]), ShapeError, ['Reshape']);
    expect(b.reshape(x, [3, -1]).shape).toEqual([3, 2]);
  });

  it('rejects Expand to an incompatible shape', () => {
    const b = new GraphBuilder();
    expectError(() => b.expand(f32(b, 'x', [3]), [2, 4]), ShapeError, ['Expand', '[3]', '[2, 4]']);
  });

  it('rejects LayerNorm parameters that do not match the last axis', () => {
    const b = new GraphBuilder();
    const x = f32(b, 'x', [2, 4]);
    expectError(() => b.layerNorm(x, f32(b, 'g', [3]), f32(b, 'b', [4])), ShapeError, [
      'LayerNorm',
      '[4]',
      '[3]',
    ]);
  });

  it('rejects a Constant whose values do not fill its shape', () => {
    expectError(() => new GraphBuilder().constant([1, 2, 3], [2, 2]), ShapeError, [
      'Constant',
      '3',
      '[2, 2]',
    ]);
  });
});

describe('dtype errors', () => {
  it('rejects float-only ops on int32 and bool', () => {
    const b = new GraphBuilder();
    const i = b.input('i', 'int32', [3]);
    expectError(() => b.exp(i), DTypeError, ['Exp', 'float32', 'int32[3]']);
    expectError(() => b.log(b.input('m', 'bool', [3])), DTypeError, ['Log', 'bool']);
    expectError(() => b.softmax(i), DTypeError, ['Softmax', 'int32']);
    expectError(() => b.matmul(b.input('p', 'int32', [2, 2]), b.input('q', 'int32', [2, 2])), DTypeError, [
      'MatMul',
    ]);
  });

  it('rejects Where with a non-bool condition', () => {
    const b = new GraphBuilder();
    const x = f32(b, 'x', [3]);
    expectError(() => b.where(x, x, x), DTypeError, ['Where', 'bool', 'float32[3]']);
    expectError(() => b.where(b.input('c', 'int32', [3]), x, x), DTypeError, ['Where', 'int32[3]']);
  });

  it('rejects mixed dtypes', () => {
    const b = new GraphBuilder();
    const x = f32(b, 'x', [3]);
    const i = b.input('i', 'int32', [3]);
    const m = b.input('m', 'bool', [3]);
    expectError(() => b.add(x, i), DTypeError, ['Add', 'float32[3]', 'int32[3]']);
    expectError(() => b.equal(x, i), DTypeError, ['Equal', 'float32[3]', 'int32[3]']);
    expectError(() => b.where(m, x, i), DTypeError, ['Where', 'float32[3]', 'int32[3]']);
    expectError(() => b.concat([x, i], 0), DTypeError, ['Concat']);
    expectError(() => b.add(m, m), DTypeError, ['Add', 'bool']);
    expectError(() => b.and(x, m), DTypeError, ['And', 'float32[3]']);
    expectError(() => b.not(x), DTypeError, ['Not', 'float32[3]']);
    expectError(() => b.gather(x, x, 0), DTypeError, ['Gather', 'int32']);
  });
});

describe('argument errors', () => {
  it('rejects bad transpose permutations', () => {
    const b = new GraphBuilder();
    const x = f32(b, 'x', [2, 3, 4]);
    expectError(() => b.transpose(x, [0, 0, 1]), InvalidArgumentError, [
      'Transpose',
      '[0, 0, 1]',
      '[2, 3, 4]',
    ]);
    expectError(() => b.transpose(x, [1, 0]), InvalidArgumentError, ['Transpose', '[1, 0]']);
    expectError(() => b.transpose(x, [0, 1, 3]), InvalidArgumentError, ['Transpose']);
  });

  it('rejects axes out of range or repeated', () => {
    const b = new GraphBuilder();
    const x = f32(b, 'x', [2, 3]);
    expectError(() => b.reduceSum(x, [2]), InvalidArgumentError, ['ReduceSum', 'axis 2', 'rank 2']);
    expectError(() => b.reduceMax(x, [-3]), InvalidArgumentError, ['ReduceMax', 'axis -3']);
    expectError(() => b.reduceSum(x, [1, -1]), InvalidArgumentError, ['ReduceSum', 'repeated axis']);
    expectError(() => b.cumSum(x, 5), InvalidArgumentError, ['CumSum', 'axis 5']);
    expectError(() => b.softmax(x, 2), InvalidArgumentError, ['Softmax', 'axis 2']);
    expectError(() => b.logSumExp(x, [0.5]), InvalidArgumentError, ['LogSumExp']);
    expectError(() => b.gather(x, b.input('i', 'int32', [1]), 2), InvalidArgumentError, ['Gather', 'axis 2']);
    expectError(() => b.concat([x, x], -3), InvalidArgumentError, ['Concat', 'axis -3']);
    expectError(() => x.dim(2), InvalidArgumentError, ['axis 2', 'rank 2']);
    expectError(() => b.padAxis(x, 2, 1, 0), InvalidArgumentError, ['Pad', 'axis 2', 'rank 2']);
    expect(b.padAxis(x, -2, 1, 0).shape).toEqual([3, 3]);
    expectError(() => b.transposeLast2(f32(b, 'v', [3])), RankError, ['Transpose', 'rank 1']);
    expect(b.transposeLast2(f32(b, 'w', [2, 3, 4])).shape).toEqual([2, 4, 3]);
  });

  it('rejects slices out of range', () => {
    const b = new GraphBuilder();
    const x = f32(b, 'x', [2, 3]);
    expectError(() => b.slice(x, [1], [0], [4]), ShapeError, ['Slice', 'end 4', 'dimension 3', '[2, 3]']);
    expectError(() => b.slice(x, [1], [2], [1]), ShapeError, ['Slice', 'end 1', 'start 2']);
    expectError(() => b.slice(x, [1], [-1], [2]), InvalidArgumentError, ['Slice', 'start -1']);
    expectError(() => b.slice(x, [1, 0], [0], [1]), InvalidArgumentError, ['Slice', 'same length']);
    expectError(() => b.slice(x, [2], [0], [1]), InvalidArgumentError, ['Slice', 'axis 2']);
  });

  it('rejects concat rank and off-axis mismatches', () => {
    const b = new GraphBuilder();
    const x = f32(b, 'x', [2, 3]);
    expectError(() => b.concat([x, f32(b, 'r', [2, 3, 1])], 0), RankError, ['Concat', '[2, 3]', '[2, 3, 1]']);
    expectError(() => b.concat([x, f32(b, 's', [2, 4])], 0), ShapeError, ['Concat', 'axis 0', '[2, 4]']);
    expectError(() => b.concat([], 0), InvalidArgumentError, ['Concat']);
  });

  it('rejects bad pads', () => {
    const b = new GraphBuilder();
    const x = f32(b, 'x', [2, 3]);
    expectError(() => b.pad(x, [[1, 1]]), InvalidArgumentError, ['Pad', '1 pad pairs', 'rank 2']);
    expectError(
      () =>
        b.pad(x, [
          [0, 0],
          [-1, 0],
        ]),
      InvalidArgumentError,
      ['Pad', 'non-negative'],
    );
    const i = b.input('i', 'int32', [2]);
    expectError(() => b.padAxis(i, 0, 1, 0, Number.NEGATIVE_INFINITY), InvalidArgumentError, [
      'Pad',
      'int32',
    ]);
    expect(b.padAxis(i, 0, 1, 0, -1).shape).toEqual([3]);
  });

  it('rejects invalid dims on inputs and constants', () => {
    const b = new GraphBuilder();
    expectError(() => b.input('a', 'float32', [-1]), InvalidArgumentError, ["input 'a'", '-1']);
    expectError(() => b.input('b', 'float32', [1.5]), InvalidArgumentError, ["input 'b'", '1.5']);
    expectError(() => b.input('c', 'float32', ['not a name']), InvalidArgumentError, ['"not a name"']);
    expectError(() => b.iota(-2), InvalidArgumentError, ['Iota']);
  });
});
