import type { GraphBuilder, Value } from '../../ir/builder.js';
import type { AttentionInputs, StateValues } from '../mechanism.js';
import { type SoftmaxOptions, softmaxScale } from './options.js';

/**
 * The honest KV cache: append this token's key and value, then attend over all of them. Cost and
 * state grow with the number of tokens seen; that is the baseline the other mechanisms beat.
 */
export function softmaxStep(
  b: GraphBuilder,
  state: StateValues,
  { q, k, v }: AttentionInputs,
  options: SoftmaxOptions,
): { out: Value; state: StateValues } {
  const key = b.concat([state.key!, k], 2);
  const value = b.concat([state.value!, v], 2);
  const scores = b.mul(b.matmul(q, b.transposeLast2(key)), softmaxScale(options, q));
  return { out: b.matmul(b.softmax(scores, -1), value), state: { key, value } };
}
