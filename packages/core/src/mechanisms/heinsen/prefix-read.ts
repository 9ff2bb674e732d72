import { stopGradient } from '../../composites/stop-gradient.js';
import type { GraphBuilder, Value } from '../../ir/builder.js';
import type { ScaledSums } from './scaled-sums.js';

/** What a chunk's rows read of the keys before their segment. */
export interface PrefixRead {
  /** R_i = max_d (q_id + M_d) [..., L, 1]: exactly the largest log weight among those keys. */
  readonly rowMax: Value;
  /** Their mass against a row offset `shift` [..., L, 1] at least rowMax: [..., L, w]. */
  readonly mass: (shift: Value) => Value;
}

/**
 * What each chunk's queries [b, h, chunks, L, d_k] see of keys before their segment: `seen` holds one
 * part per equal segment of the chunk ([..., parts, 1, d_k] and [..., parts, d_k, w]), and segment j's
 * rows read part j. One batched read of all rows.
 */
export function prefixRead(b: GraphBuilder, queries: Value, seen: ScaledSums): PrefixRead {
  const [length, dk] = [queries.dim(-2) as number, queries.dim(-1)];
  const lead = queries.shape.slice(0, -2);
  const parts = seen.keyMax.dim(-3) as number;
  const scores = b.add(b.reshape(queries, [...lead, parts, length / parts, dk]), seen.keyMax);
  const byRow = (x: Value) => b.reshape(x, [...lead, length, x.dim(-1)]);
  return {
    rowMax: byRow(stopGradient(b, b.reduceMax(scores, [-1], true))),
    mass: (shift: Value) => {
      const factor = b.exp(b.sub(scores, b.reshape(shift, [...lead, parts, length / parts, 1])));
      return byRow(b.matmul(factor, seen.sums));
    },
  };
}
