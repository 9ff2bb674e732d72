import * as tf from '@tensorflow/tfjs-core';
import { select } from '../select.js';
import type { LoweringRule } from './rule.js';

export const where: LoweringRule<'Where'> = (ctx) => {
  const [condition, a, b] = ctx.inputs;
  if (a!.dtype !== 'bool') return select(condition!, a!, b!, ctx.outShape);
  // tfjs-wasm's Select mishandles bool branches: select int32 views, through the table again.
  const asInt = [condition!, tf.cast(a!, 'int32'), tf.cast(b!, 'int32')];
  return tf.cast(ctx.lower('Where', {}, asInt, ctx.outShape), 'bool');
};
