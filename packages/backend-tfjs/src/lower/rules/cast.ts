import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule } from './rule.js';

export const cast: LoweringRule<'Cast'> = (ctx) => {
  const a = ctx.inputs[0]!;
  const { to } = ctx.attrs;
  // tfjs-wasm's cast to bool keeps the low byte (2.0 -> 2, 256 -> 0); a comparison is exact everywhere.
  if (to === 'bool' && a.dtype !== 'bool') return tf.notEqual(a, tf.scalar(0, a.dtype));
  return tf.cast(a, to);
};
