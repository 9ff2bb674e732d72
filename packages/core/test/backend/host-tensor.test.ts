import { describe, expect, it } from 'vitest';
import { DTypeError, InvalidArgumentError, ShapeError, Tensor } from '../../src/index.js';
import { expectError } from '../ir/expect-error.js';

describe('Tensor', () => {
  it('rejects data that does not fill the shape', () => {
    expectError(() => new Tensor('float32', [2, 3], new Float32Array(5)), ShapeError, [
      '5 values',
      '[2, 3]',
      '6',
    ]);
    expectError(() => Tensor.int32([1, 2, 3], [2]), ShapeError, ['[2]']);
  });

  it('rejects a typed array that cannot hold the dtype', () => {
    expectError(() => new Tensor('int32', [2], new Float32Array(2)), DTypeError, ['Float32Array', 'int32']);
    expectError(() => new Tensor('float32', [2], new Int32Array(2)), DTypeError, ['Int32Array', 'float32']);
    expectError(() => new Tensor('bool', [2], new Int32Array(2)), DTypeError, ['Int32Array', 'bool']);
    expectError(() => new Tensor('float32', [2], [1, 2] as never), DTypeError, ['Array', 'float32']);
  });

  it('rejects invalid dims', () => {
    expectError(() => new Tensor('float32', [-1], new Float32Array(0)), InvalidArgumentError, ['-1']);
    expectError(() => new Tensor('float32', [1.5], new Float32Array(1)), InvalidArgumentError, ['1.5']);
  });

  it('accepts float64 storage for float32 and converts both ways', () => {
    const t = Tensor.float64([0.1, -2], [2]);
    expect(t.dtype).toBe('float32');
    expect(t.data).toBeInstanceOf(Float64Array);
    const f = t.toFloat32();
    expect(f.data).toBeInstanceOf(Float32Array);
    expect(f.toArray()).toEqual([Math.fround(0.1), -2]);
    expect(f.toFloat64().data).toBeInstanceOf(Float64Array);
    expect(Tensor.zeros([0, 3]).size).toBe(0);
    expect(Tensor.zeros([2], 'bool').data).toBeInstanceOf(Uint8Array);
    expect(Tensor.full([2, 2], -Infinity).toArray()).toEqual([-Infinity, -Infinity, -Infinity, -Infinity]);
    expect(() => t.reshape([3])).toThrow(ShapeError);
    expect(t.reshape([1, 2]).shape).toEqual([1, 2]);
  });
});
