import { ShapeError } from '../../errors.js';
import type { GraphBuilder, Value } from '../../ir/builder.js';
import { formatShape } from '../../ir/shape.js';
import { stateParts } from '../initial-state.js';
import type { StateValues } from '../mechanism.js';

/** The KV cache of earlier tokens, key [b, h, past, dk] and value [b, h, past, dv]; past may be 0. */
export interface KvCache {
  readonly key: Value;
  readonly value: Value;
}

/** Reads an initial state as a KV cache that fits these queries and values, or names what does not fit. */
export function kvCache(state: StateValues, q: Value, v: Value): KvCache {
  const { key, value } = stateParts('softmax', state, ['key', 'value'] as const);
  const fits =
    key.rank === 4 &&
    value.rank === 4 &&
    [0, 1, 3].every((axis) => key.dim(axis) === q.dim(axis)) &&
    [0, 1, 3].every((axis) => value.dim(axis) === v.dim(axis)) &&
    key.dim(2) === value.dim(2);
  if (!fits) {
    throw new ShapeError(
      `softmax: the initial state's key ${formatShape(key.shape)} and value ${formatShape(value.shape)} must be [${[q.dim(0), q.dim(1), 'past', q.dim(3)].join(', ')}] and [${[v.dim(0), v.dim(1), 'past', v.dim(3)].join(', ')}]`,
    );
  }
  return { key, value };
}

/** The cache after the new tokens: every earlier row, then the new ones. */
export function appendToCache(b: GraphBuilder, cache: KvCache, k: Value, v: Value): StateValues {
  return { key: b.concat([cache.key, k], 2), value: b.concat([cache.value, v], 2) };
}
