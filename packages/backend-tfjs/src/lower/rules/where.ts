import * as tf from '@tensorflow/tfjs-core';
import { select } from '../select.js';
import type { LoweringRule } from './rule.js';

export const where: LoweringRule<'Where'> = (ctx) => {
  const [condition, a, b] = ctx.inputs;
  // tfjs-wasm's Select mishandles bool branches.
  if (a!.dtype !== 'bool') return select(condition!, a!, b!, ctx.outShape);
  return tf.cast(select(condition!, tf.cast(a!, 'int32'), tf.cast(b!, 'int32'), ctx.outShape), 'bool');
};
