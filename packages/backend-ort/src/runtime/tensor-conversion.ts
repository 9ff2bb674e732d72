import { DTypeError, Tensor } from '@constant-attention/core';
import type { OrtRuntime, OrtTensor } from './ort-runtime.js';

/** Host tensor -> ort.Tensor. float32 tensors with float64 storage are rounded to Float32Array here. */
export function toOrtTensor(runtime: OrtRuntime, tensor: Tensor): OrtTensor {
  const dims = [...tensor.shape];
  switch (tensor.dtype) {
    case 'float32': {
      const data = tensor.data instanceof Float32Array ? tensor.data : Float32Array.from(tensor.data);
      return new runtime.Tensor('float32', data, dims);
    }
    case 'int32':
      return new runtime.Tensor('int32', tensor.data as Int32Array, dims);
    case 'bool':
      return new runtime.Tensor('bool', tensor.data as Uint8Array, dims);
  }
}

/** ort.Tensor -> host tensor; downloads GPU-located tensors. `copy` detaches from ORT-owned memory. */
export async function fromOrtTensor(t: OrtTensor, copy: boolean): Promise<Tensor> {
  const data = t.location === 'cpu' ? t.data : await t.getData();
  const shape = t.dims.map(Number);
  switch (t.type) {
    case 'float32':
      return new Tensor('float32', shape, copy ? (data as Float32Array).slice() : (data as Float32Array));
    case 'int32':
      return new Tensor('int32', shape, copy ? (data as Int32Array).slice() : (data as Int32Array));
    case 'bool':
      return new Tensor('bool', shape, copy ? (data as Uint8Array).slice() : (data as Uint8Array));
    default:
      throw new DTypeError(
        `backend-ort: ONNX Runtime returned a ${t.type} tensor, which core has no dtype for`,
      );
  }
}
