import { ONNX_DTYPE } from '../../onnx/onnx-types.js';
import { int } from '../onnx-emitter.js';
import type { LoweringRule } from './rule.js';

/** A constant for a concrete length; a Range up to the bound symbol's run-time size otherwise. */
export const iota: LoweringRule<'Iota'> = (ctx) => {
  const em = ctx.emitter;
  const { length, dtype } = ctx.attrs;
  if (typeof length === 'number') {
    return em.constant(
      dtype,
      [length],
      Array.from({ length }, (_, i) => i),
    );
  }
  const limit = em.node('Cast', [em.node('Squeeze', [em.symbolicDim(length), em.int64s([0])])], {
    to: int(ONNX_DTYPE[dtype]),
  });
  const zero = em.constant(dtype, [], [0]);
  const one = em.constant(dtype, [], [1]);
  return em.node('Range', [zero, limit, one]);
};
