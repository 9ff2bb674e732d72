import { Tensor } from '../../src/index.js';

/** Tokens [start, end) of a [b, h, n, d] tensor. */
export function sliceSeq(t: Tensor, start: number, end: number): Tensor {
  const [b, h, n, d] = t.shape as [number, number, number, number];
  const len = end - start;
  const out = new Float64Array(b * h * len * d);
  for (let bh = 0; bh < b * h; bh++) {
    out.set(t.data.subarray((bh * n + start) * d, (bh * n + end) * d), bh * len * d);
  }
  return Tensor.float64(out, [b, h, len, d]);
}
