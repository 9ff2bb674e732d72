import * as tf from '@tensorflow/tfjs-core';

function product(dims: readonly number[]): number {
  return dims.reduce((a, d) => a * d, 1);
}

/**
 * tf.slice as one 2-D slice per sliced axis, on the [before axis, axis and after] view (reshapes are
 * free). tfjs-wasm slices ranks 2-4 by copying contiguous rows but falls back to an element-by-element
 * TensorBuffer loop from rank 5 on: about 1 us per element, which made high-rank slices (heinsen's
 * chunked form reaches rank 6) 90% of its run time. The 2-D view copies one contiguous run of
 * size * after elements per row, and a slice whose rows are contiguous is a single copy.
 */
export function flatSlice(x: tf.Tensor, begin: readonly number[], sizes: readonly number[]): tf.Tensor {
  let current = x;
  begin.forEach((start, axis) => {
    const shape = [...current.shape];
    const length = shape[axis]!;
    const size = sizes[axis]!;
    if (start === 0 && size === length) return;
    const rows = product(shape.slice(0, axis));
    const after = product(shape.slice(axis + 1));
    const view = tf.reshape(current, [rows, length * after]);
    shape[axis] = size;
    current = tf.reshape(tf.slice(view, [0, start * after], [rows, size * after]), shape);
  });
  return current === x ? tf.clone(x) : current;
}
