import { DTypeError, RankError } from '../errors.js';
import type { GraphBuilder, Value } from '../ir/builder.js';
import { formatShape } from '../ir/shape.js';

/** Rows of table [vocab, d] picked by int32 ids [...]: [..., d]. */
export function embedding(b: GraphBuilder, table: Value, ids: Value): Value {
  if (table.rank !== 2)
    throw new RankError(`embedding: table must be [vocab, d], got ${formatShape(table.shape)}`);
  if (ids.dtype !== 'int32') throw new DTypeError(`embedding: ids must be int32, got ${ids.dtype}`);
  return b.gather(table, ids, 0);
}

/** Output logits with the embedding table reused as the head ("tied"): x [..., d] @ table^T -> [..., vocab]. */
export function tiedLogits(b: GraphBuilder, x: Value, table: Value): Value {
  if (table.rank !== 2)
    throw new RankError(`tiedLogits: table must be [vocab, d], got ${formatShape(table.shape)}`);
  return b.matmul(x, b.transpose(table, [1, 0]));
}
