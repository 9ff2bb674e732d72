import { type DType, Tensor } from '@constant-attention/core';
import * as tf from '@tensorflow/tfjs-core';

/** A host tensor as a tfjs tensor; float64 storage is rounded to float32, the compute type. */
export function toTfjs(t: Tensor): tf.Tensor {
  const shape = [...t.shape];
  switch (t.dtype) {
    case 'float32':
      return tf.tensor(t.data instanceof Float32Array ? t.data : Float32Array.from(t.data), shape, 'float32');
    case 'int32':
      return tf.tensor(t.data as Int32Array, shape, 'int32');
    case 'bool':
      return tf.tensor(t.data as Uint8Array, shape, 'bool');
  }
}

/** Reads a tfjs tensor back as a host Tensor of the graph's dtype (float32 data as Float32Array). */
export async function fromTfjs(t: tf.Tensor, dtype: DType): Promise<Tensor> {
  const values = await t.data();
  const shape = [...t.shape];
  switch (dtype) {
    case 'float32':
      return new Tensor(
        'float32',
        shape,
        values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>),
      );
    case 'int32':
      return new Tensor(
        'int32',
        shape,
        values instanceof Int32Array ? values : Int32Array.from(values as ArrayLike<number>),
      );
    case 'bool':
      return new Tensor(
        'bool',
        shape,
        values instanceof Uint8Array ? values : Uint8Array.from(values as ArrayLike<number>),
      );
  }
}
