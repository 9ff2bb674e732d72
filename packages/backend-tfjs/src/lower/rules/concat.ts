import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule, RuleContext } from './rule.js';
import { positiveAxis } from './via-int32.js';

/** Concat through `concat`, bool inputs going through int32. */
export function concatWith(
  ctx: RuleContext<'Concat'>,
  concat: (ts: tf.Tensor[], axis: number) => tf.Tensor,
): tf.Tensor {
  const a = ctx.inputs[0]!;
  const axis = positiveAxis(ctx.attrs.axis, a.rank);
  if (a.dtype !== 'bool') return concat([...ctx.inputs], axis);
  return tf.cast(
    concat(
      ctx.inputs.map((t) => tf.cast(t, 'int32')),
      axis,
    ),
    'bool',
  );
}

export const concat: LoweringRule<'Concat'> = (ctx) => concatWith(ctx, (ts, axis) => tf.concat(ts, axis));
