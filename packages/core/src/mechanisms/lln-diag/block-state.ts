import type { GraphBuilder, Value } from '../../ir/builder.js';
import type { StateValues } from '../mechanism.js';

/**
 * The keys and values of the block that the last token belongs to, in slots 0..fill-1 of
 * [b, h, blockSize, d] buffers; later slots are 0, so every form produces the same state. Indices
 * are computed in the graph so a symbolic sequence length works too. `tokens` (int32, default all of
 * k's rows) counts the rows that are real, for a sequence whose tail is padding.
 */
export function lastBlockState(
  b: GraphBuilder,
  k: Value,
  v: Value,
  blockSize: number,
  tokens?: Value,
): StateValues {
  const count = tokens ?? b.add(b.reduceMax(b.iota(k.dim(2)), [0]), 1);
  const start = b.mul(b.div(b.sub(count, 1), blockSize), blockSize);
  const wanted = b.add(b.iota(blockSize), start);
  const indices = b.minimum(wanted, b.sub(count, 1));
  const used = b.reshape(b.less(wanted, count), [blockSize, 1]);
  const fill = b.cast(b.sub(count, start), 'float32');
  return {
    blockKeys: b.where(used, b.gather(k, indices, 2), 0),
    blockValues: b.where(used, b.gather(v, indices, 2), 0),
    blockFill: b.expand(fill, [k.dim(0), k.dim(1), 1, 1]),
  };
}

/**
 * One token of causal block-diagonal softmax: a full block restarts at slot 0 when the next token
 * arrives, the token is written to its slot (later slots are zeroed) and attends to slots 0..itself.
 */
export function blockDiagStep(
  b: GraphBuilder,
  state: StateValues,
  q: Value,
  k: Value,
  v: Value,
  blockSize: number,
): { readonly out: Value; readonly state: StateValues } {
  const { blockKeys, blockValues, blockFill } = state as Record<
    'blockKeys' | 'blockValues' | 'blockFill',
    Value
  >;
  const slot = b.where(b.greaterEqual(blockFill, blockSize), 0, blockFill);
  const slots = b.iota(blockSize, 'float32');
  const column = b.reshape(slots, [blockSize, 1]);
  const isSlot = b.equal(column, slot);
  const before = b.less(column, slot);
  const keys = b.where(isSlot, k, b.where(before, blockKeys, 0));
  const values = b.where(isSlot, v, b.where(before, blockValues, 0));
  const visible = b.lessEqual(b.reshape(slots, [1, blockSize]), slot);
  const scores = b.mul(b.matmul(q, b.transposeLast2(keys)), 1 / Math.sqrt(q.dim(3) as number));
  const weights = b.softmax(b.where(visible, scores, Number.NEGATIVE_INFINITY), -1);
  return {
    out: b.matmul(weights, values),
    state: { blockKeys: keys, blockValues: values, blockFill: b.add(slot, 1) },
  };
}
