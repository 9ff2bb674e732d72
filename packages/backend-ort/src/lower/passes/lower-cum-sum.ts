import type { OnnxElemType } from '../../onnx/onnx-types.js';
import { int, type OnnxEmitter } from '../onnx-emitter.js';

export interface CumSumScan {
  readonly axis: number;
  readonly length: number;
  readonly rank: number;
  readonly dtype: OnnxElemType;
  readonly exclusive: boolean;
  readonly reverse: boolean;
}

/**
 * CumSum as a Hillis-Steele scan: ceil(log2 n) rounds of x + (x shifted `offset` places along the
 * axis). Only Pad, Slice, Add and Gather, which every execution provider implements; used on WebGPU,
 * whose ORT CumSum kernel returns wrong values (found by the browser sweep). Needs a concrete length.
 */
export function lowerCumSumScan(em: OnnxEmitter, x: string, scan: CumSumScan): string {
  const { axis, length, dtype } = scan;
  const reversed = () =>
    em.constant(
      'int32',
      [length],
      Array.from({ length }, (_, i) => length - 1 - i),
    );
  const shift = (v: string, offset: number) => {
    const pads = new Array<number>(2 * scan.rank).fill(0);
    pads[axis] = offset;
    const padded = em.node('Pad', [v, em.int64s(pads), em.constant(dtype as 'float32' | 'int32', [], [0])]);
    return em.node('Slice', [padded, em.int64s([0]), em.int64s([length]), em.int64s([axis])]);
  };
  let v = scan.reverse ? em.node('Gather', [x, reversed()], { axis: int(axis) }) : x;
  for (let offset = 1; offset < length; offset *= 2) v = em.node('Add', [v, shift(v, offset)]);
  if (scan.exclusive && length > 0) v = shift(v, 1);
  return scan.reverse ? em.node('Gather', [v, reversed()], { axis: int(axis) }) : v;
}
