import { DTypeError, InvalidArgumentError, ShapeError } from '../errors.js';
import type { DType } from '../ir/dtype.js';
import { formatShape } from '../ir/shape.js';

/** float32 tensors may carry float64 storage: that is how the reference interpreter stays an oracle. */
export type FloatData = Float32Array | Float64Array;
export type TensorData = FloatData | Int32Array | Uint8Array;

function dataMatchesDType(dtype: DType, data: TensorData): boolean {
  switch (dtype) {
    case 'float32':
      return data instanceof Float32Array || data instanceof Float64Array;
    case 'int32':
      return data instanceof Int32Array;
    case 'bool':
      return data instanceof Uint8Array;
  }
}

/** A dense, row-major tensor in host memory. */
export class Tensor {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly data: TensorData;

  constructor(dtype: DType, shape: readonly number[], data: TensorData) {
    for (const d of shape) {
      if (!Number.isInteger(d) || d < 0)
        throw new InvalidArgumentError(`Tensor: invalid dimension ${d} in ${formatShape(shape)}`);
    }
    const size = shape.reduce((a, b) => a * b, 1);
    if (data.length !== size) {
      throw new ShapeError(
        `Tensor: ${data.length} values do not fill shape ${formatShape(shape)} (${size} needed)`,
      );
    }
    if (!dataMatchesDType(dtype, data)) {
      throw new DTypeError(`Tensor: a ${data.constructor.name} cannot hold dtype ${dtype}`);
    }
    this.dtype = dtype;
    this.shape = Object.freeze([...shape]);
    this.data = data;
  }

  static float32(data: ArrayLike<number>, shape: readonly number[]): Tensor {
    return new Tensor('float32', shape, data instanceof Float32Array ? data : Float32Array.from(data));
  }

  /** float32 dtype with float64 storage, for oracles and golden inputs. */
  static float64(data: ArrayLike<number>, shape: readonly number[]): Tensor {
    return new Tensor('float32', shape, data instanceof Float64Array ? data : Float64Array.from(data));
  }

  static int32(data: ArrayLike<number>, shape: readonly number[]): Tensor {
    return new Tensor('int32', shape, data instanceof Int32Array ? data : Int32Array.from(data));
  }

  static zeros(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    const size = shape.reduce((a, b) => a * b, 1);
    const data =
      dtype === 'float32'
        ? new Float32Array(size)
        : dtype === 'int32'
          ? new Int32Array(size)
          : new Uint8Array(size);
    return new Tensor(dtype, shape, data);
  }

  static full(shape: readonly number[], value: number): Tensor {
    const size = shape.reduce((a, b) => a * b, 1);
    return new Tensor('float32', shape, new Float32Array(size).fill(value));
  }

  get size(): number {
    return this.data.length;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** The same values rounded to float32 storage, as a float32 backend would see them. */
  toFloat32(): Tensor {
    if (this.dtype !== 'float32' || this.data instanceof Float32Array) return this;
    return new Tensor('float32', this.shape, Float32Array.from(this.data));
  }

  /** float32 dtype with float64 storage (exact copy of float32 values). */
  toFloat64(): Tensor {
    if (this.dtype !== 'float32' || this.data instanceof Float64Array) return this;
    return new Tensor('float32', this.shape, Float64Array.from(this.data));
  }

  reshape(shape: readonly number[]): Tensor {
    return new Tensor(this.dtype, shape, this.data);
  }

  toArray(): number[] {
    return Array.from(this.data);
  }
}
