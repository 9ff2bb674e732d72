import { InvalidInputValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { make } from './kernels.js';
import { sizeOf } from './strides.js';

/** data + updates[k] added at row indices[k] of axis 0, in index order (duplicates summed). */
export function scatterAdd(data: Tensor, indices: Tensor, updates: Tensor): Tensor {
  const rows = data.shape[0]!;
  const inner = sizeOf(data.shape.slice(1));
  const out = make(data.dtype, data.shape, Float64Array.from(data.data as Float64Array));
  for (let k = 0; k < indices.size; k++) {
    const row = indices.data[k]!;
    if (row < 0 || row >= rows)
      throw new InvalidInputValueError(`ScatterAdd: index ${row} is out of range [0, ${rows})`);
    for (let i = 0; i < inner; i++) out.data[row * inner + i]! += updates.data[k * inner + i]!;
  }
  return out;
}
