import type { SafetensorsDType } from './safetensors-dtype.js';

/**
 * One tensor as stored: F64 in a Float64Array; F32, F16 and BF16 widened exactly to a Float32Array;
 * I32 and I64 in an Int32Array (I64 values outside int32 are refused when read).
 */
export interface SafetensorsEntry {
  readonly dtype: SafetensorsDType;
  readonly shape: readonly number[];
  readonly data: Float64Array | Float32Array | Int32Array;
}

export interface SafetensorsContents {
  readonly tensors: ReadonlyMap<string, SafetensorsEntry>;
  readonly metadata: Readonly<Record<string, string>>;
}
