import * as tf from '@tensorflow/tfjs-core';

/**
 * Data-movement ops above rank 4 on the GPU devices, rewritten over rank-3 views. tfjs's GPU kernels for
 * these ops fail past rank 4 (webgl: shaders that do not compile; webgpu: WGSL indexing vec5/vec6,
 * which loses the device and fails every later run). Each rewrite only reshapes (free) and moves data
 * exactly, so -inf and NaN survive; chunked mechanisms reach rank 6 (heinsen).
 */
export const GPU_MAX_RANK = 4;

export function isGpu(): boolean {
  const backend = tf.getBackend();
  return backend === 'webgl' || backend === 'webgpu';
}

export function needsLowRank(rank: number): boolean {
  return rank > GPU_MAX_RANK && isGpu();
}

function product(dims: readonly number[]): number {
  return dims.reduce((a, d) => a * d, 1);
}

/** `x` as [before axis, axis, after axis]. */
function around(x: tf.Tensor, axis: number): tf.Tensor3D {
  const s = x.shape;
  return tf.reshape(x, [product(s.slice(0, axis)), s[axis]!, product(s.slice(axis + 1))]);
}

/** Any permutation as a sequence of rank-3 transposes, each moving one axis to the end. */
export function lowRankTranspose(x: tf.Tensor, perm: readonly number[]): tf.Tensor {
  let current = x;
  // order[i] = which original axis sits at position i of `current`.
  const order = x.shape.map((_, i) => i);
  for (const wanted of perm) {
    const at = order.indexOf(wanted);
    if (at !== order.length - 1) {
      const moved = tf.transpose(around(current, at), [0, 2, 1]);
      const shape = [...current.shape];
      const [d] = shape.splice(at, 1);
      current = tf.reshape(moved, [...shape, d!]);
    }
    order.push(...order.splice(at, 1));
  }
  return current;
}

/** Slices one axis at a time, each on a rank-3 view. */
export function lowRankSlice(x: tf.Tensor, begin: readonly number[], sizes: readonly number[]): tf.Tensor {
  let current = x;
  begin.forEach((start, axis) => {
    if (start === 0 && sizes[axis] === current.shape[axis]) return;
    const shape = [...current.shape];
    shape[axis] = sizes[axis]!;
    current = tf.reshape(tf.slice(around(current, axis), [0, start, 0], [-1, sizes[axis]!, -1]), shape);
  });
  return current;
}

/** Pads one axis at a time, each on a rank-3 view. */
export function lowRankPad(x: tf.Tensor, pads: readonly [number, number][], value: number): tf.Tensor {
  let current = x;
  pads.forEach(([before, after], axis) => {
    if (before === 0 && after === 0) return;
    const shape = [...current.shape];
    shape[axis] = shape[axis]! + before + after;
    const padded = tf.pad(
      around(current, axis),
      [
        [0, 0],
        [before, after],
        [0, 0],
      ],
      value,
    );
    current = tf.reshape(padded, shape);
  });
  return current;
}

export function lowRankConcat(
  xs: readonly tf.Tensor[],
  axis: number,
  outShape: readonly number[],
): tf.Tensor {
  return tf.reshape(
    tf.concat(
      xs.map((t) => around(t, axis)),
      1,
    ),
    [...outShape],
  );
}

/** Gathers along the middle of a rank-3 view with flattened indices. */
export function lowRankGather(
  x: tf.Tensor,
  indices: tf.Tensor,
  axis: number,
  outShape: readonly number[],
): tf.Tensor {
  return tf.reshape(tf.gather(around(x, axis), tf.reshape(indices, [-1]), 1), [...outShape]);
}

/**
 * A scan along `axis` as a scan along the last axis of a 2-D view, the axis moved there and back by
 * exactTranspose; tfjs's own cumsum would transpose with its kernel (broken past rank 4, or for int32 on
 * webgpu).
 */
export function lowRankCumSum(
  x: tf.Tensor,
  axis: number,
  scan: (matrix: tf.Tensor, axis: number) => tf.Tensor,
): tf.Tensor {
  const rank = x.rank;
  const toLast = [...x.shape.keys()].filter((i) => i !== axis).concat(axis);
  const moved = exactTranspose(x, toLast);
  const scanned = tf.reshape(scan(tf.reshape(moved, [-1, x.shape[axis]!]), 1), moved.shape);
  const back = x.shape.map((_, i) => toLast.indexOf(i));
  return rank === 1 ? scanned : exactTranspose(scanned, back);
}

/**
 * tf.cast to float32 that yields a real float32 buffer. tfjs-webgpu casts int32 and bool to float32 by
 * relabelling the i32 buffer; kernels that read inputs without converting (transpose) then build a WGSL
 * shader that does not compile. An add of 0 makes the elementwise kernel convert (exact: no -0 arises).
 */
export function castToFloat32(x: tf.Tensor): tf.Tensor {
  const cast = tf.cast(x, 'float32');
  if (x.dtype === 'float32' || tf.getBackend() !== 'webgpu') return cast;
  return tf.add(cast, tf.scalar(0, 'float32'));
}

/**
 * tf.transpose that works on the GPU devices past rank 4 and for int32 on webgpu, whose int32 transpose
 * shader does not compile (it writes an i32 into an f32 output; the invalid pipeline then poisons every
 * op submitted with it). int32 moves as two exactly representable 16-bit halves in float32.
 */
export function exactTranspose(x: tf.Tensor, perm: readonly number[]): tf.Tensor {
  if (x.dtype === 'int32' && tf.getBackend() === 'webgpu') {
    const high = tf.floorDiv(x, 65536);
    const low = tf.sub(x, tf.mul(high, 65536));
    const move = (t: tf.Tensor) => tf.cast(exactTranspose(castToFloat32(t), perm), 'int32');
    return tf.add(tf.mul(move(high), 65536), move(low));
  }
  return needsLowRank(x.rank) ? lowRankTranspose(x, perm) : tf.transpose(x, [...perm]);
}

/** Whether a reduction or scan over `axes` makes tfjs transpose with a kernel that breaks here. */
export function needsOwnTranspose(x: tf.Tensor, axes: readonly number[]): boolean {
  if (needsLowRank(x.rank)) return true;
  const trailing = axes.every((a) => a >= x.rank - axes.length);
  return !trailing && x.dtype === 'int32' && tf.getBackend() === 'webgpu';
}

/** Moves the reduced axes last, views the tensor as [kept, reduced] and reduces its second axis. */
export function lowRankReduce(
  x: tf.Tensor,
  axes: readonly number[],
  outShape: readonly number[],
  reduce: (matrix: tf.Tensor, axis: number) => tf.Tensor,
): tf.Tensor {
  const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const moved = exactTranspose(x, [...kept, ...axes]);
  const rows = product(kept.map((i) => x.shape[i]!));
  return tf.reshape(reduce(tf.reshape(moved, [rows, -1]), 1), [...outShape]);
}

/**
 * tf.broadcastTo without tfjs-webgpu's rank >= 5 tile, which falls back to a synchronous GPU read that
 * loses the device in headless Chromium (every later run then fails). Multiplying by ones broadcasts
 * exactly (x * 1 keeps -0, -inf and NaN); bool callers go through int32 first.
 */
export function exactBroadcast(x: tf.Tensor, shape: readonly number[]): tf.Tensor {
  if (!(shape.length > GPU_MAX_RANK && tf.getBackend() === 'webgpu')) return tf.broadcastTo(x, [...shape]);
  return tf.mul(x, tf.ones([...shape], x.dtype));
}
