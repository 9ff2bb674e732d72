import { DTypeError, InvalidArgumentError, RankError, ShapeError } from '../../errors.js';
import type { Value } from '../../ir/builder.js';
import { formatShape } from '../../ir/shape.js';

/**
 * q [b, h, n_q, d_k], k [b, h, n_k, d_k] and values [b, h, n_k, d_v] (named `v`, `logV`, ...), all
 * float32, with concrete d_k and d_v; causal forms need n_q == n_k and (when concrete) a length >= 1. `where`
 * opens every message (e.g. 'heinsen chunked'); errors name every shape.
 */
export function checkAttentionShapes(
  where: string,
  q: Value,
  k: Value,
  [valuesName, values]: readonly [string, Value],
  causal: boolean,
): void {
  const described = `q ${formatShape(q.shape)}, k ${formatShape(k.shape)}, ${valuesName} ${formatShape(values.shape)}`;
  for (const [name, x] of [
    ['q', q],
    ['k', k],
    [valuesName, values],
  ] as const) {
    if (x.rank !== 4)
      throw new RankError(`${where}: ${name} must be [batch, heads, seq, dim]; got ${described}`);
    if (x.dtype !== 'float32') throw new DTypeError(`${where}: ${name} must be float32, got ${x.dtype}`);
  }
  const same = (axis: number, a: Value, b: Value) => a.shape[axis] === b.shape[axis];
  if (!same(0, q, k) || !same(1, q, k) || !same(0, k, values) || !same(1, k, values))
    throw new ShapeError(`${where}: batch and heads must agree; got ${described}`);
  if (!same(3, q, k)) throw new ShapeError(`${where}: q and k must share d_k; got ${described}`);
  if (!same(2, k, values))
    throw new ShapeError(`${where}: k and ${valuesName} must have the same length; got ${described}`);
  if (typeof q.shape[3] !== 'number' || typeof values.shape[3] !== 'number')
    throw new ShapeError(`${where}: d_k and d_v must be concrete; got ${described}`);
  if (causal && !same(2, q, k))
    throw new ShapeError(`${where}: causal attention needs n_q == n_k; got ${described}`);
  if (causal && typeof q.shape[2] === 'number' && q.shape[2] < 1)
    throw new InvalidArgumentError(`${where}: causal forms need a sequence length >= 1; got ${described}`);
}
