import { ShapeError } from '../../errors.js';
import type { GraphBuilder, Value } from '../../ir/builder.js';
import { addDims } from '../../ir/shape.js';
import { stateParts } from '../initial-state.js';
import type { StateValues } from '../mechanism.js';
import { blockDiagSoftmax } from './block-diag-softmax.js';
import { lastBlockState } from './block-state.js';

/**
 * Causal block-diagonal softmax of new tokens after earlier ones, whose last block may be part-full
 * (`blockFill` slots of `blockKeys`/`blockValues`). Where the new tokens start inside their block is
 * known only at run time, so the sequence is rebuilt with a gather as [the filled slots, the new
 * tokens, padding] (blockSize + n rows, block-aligned at row 0) and run through the ordinary blocked
 * form; the padding comes last, so causality keeps it out of every real row. Memory stays O(n d).
 *
 * Every batch row and head has seen the same number of tokens, so the fill is read from the first.
 */
export function blockDiagFromState(
  b: GraphBuilder,
  q: Value,
  k: Value,
  v: Value,
  blockSize: number,
  state: StateValues,
): { readonly out: Value; readonly state: StateValues } {
  const n = k.dim(2);
  // A symbolic n is counted in-graph (the largest index of an iota of that length, plus one).
  const count: Value | number = typeof n === 'number' ? n : b.add(b.reduceMax(b.iota(n), [0]), 1);
  const rowCount = addDims(blockSize, n);
  if (rowCount === undefined)
    throw new ShapeError(`lln-diag: continuing from a state needs a plain sequence length, got '${n}'`);
  const { blockKeys, blockValues, blockFill } = stateParts('lln-diag', state, [
    'blockKeys',
    'blockValues',
    'blockFill',
  ] as const);
  const fill = b.reshape(b.slice(blockFill, [0, 1, 2, 3], [0, 0, 0, 0], [1, 1, 1, 1]), []);
  // A full block is closed: the next token starts a new one at slot 0 (as the recurrent step does).
  const filled = b.cast(b.where(b.greaterEqual(fill, blockSize), 0, fill), 'int32');
  const rows = b.iota(rowCount);
  const last = typeof count === 'number' ? blockSize + count - 1 : b.add(count, blockSize - 1);
  const fromNew = b.minimum(b.sub(b.add(rows, blockSize), filled), last);
  const indices = b.where(b.less(rows, filled), rows, fromNew);
  const rebuilt = (slots: Value, x: Value) => b.gather(b.concat([slots, x], 2), indices, 2);
  // The filled slots' own queries only shape rows that are dropped; any finite values do.
  const diag = blockDiagSoftmax(
    b,
    rebuilt(blockKeys, q),
    rebuilt(blockKeys, k),
    rebuilt(blockValues, v),
    blockSize,
    true,
  );

  return {
    out: b.gather(diag, b.add(b.iota(n), filled), 2),
    state: lastBlockState(b, rebuilt(blockKeys, k), rebuilt(blockValues, v), blockSize, b.add(filled, count)),
  };
}
