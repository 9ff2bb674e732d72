import type { OpAttrs } from '@constant-attention/core';
import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';

/** core's constant payload as a tfjs tensor (float32 payloads are stored as float64 in the graph). */
export function constantTensor(attrs: OpAttrs['Constant']): tf.Tensor {
  const shape = [...attrs.shape];
  switch (attrs.dtype) {
    case 'float32':
      return tf.tensor(Float32Array.from(attrs.value), shape, 'float32');
    case 'int32':
      return tf.tensor(Int32Array.from(attrs.value), shape, 'int32');
    case 'bool':
      return tf.tensor(Uint8Array.from(attrs.value), shape, 'bool');
  }
}

export const constant: LoweringRule<'Constant'> = (ctx) => constantTensor(ctx.attrs);
