import { DTypeError, InvalidArgumentError, RankError, ShapeError } from '../../errors.js';
import type { Value } from '../../ir/builder.js';
import { formatShape } from '../../ir/shape.js';

/** Log-space inputs: q [b, h, n_q, d_k], k [b, h, n_k, d_k], logV [b, h, n_k, d_v] (log V, -inf = 0). */
export interface HeinsenLogInputs {
  readonly q: Value;
  readonly k: Value;
  readonly logV: Value;
}

/**
 * The constant-size recurrent state, in logs: logHZ [b, h, d_k] = LCSE_j k_j and
 * logHS [b, h, d_k, d_v] = LCSE_j (k_j + log v_j). Empty is -inf (log 0), not 0.
 */
export interface HeinsenLogState {
  readonly logHZ: Value;
  readonly logHS: Value;
}

export interface HeinsenLogResult {
  /** log o [b, h, n_q, d_v]. */
  readonly logOut: Value;
  /** State after the last key (for non-causal: the sums over all keys). */
  readonly state: HeinsenLogState;
}

const describe = (inputs: HeinsenLogInputs) =>
  `q ${formatShape(inputs.q.shape)}, k ${formatShape(inputs.k.shape)}, logV ${formatShape(inputs.logV.shape)}`;

export function checkLogInputs(form: string, inputs: HeinsenLogInputs, causal: boolean): void {
  const { q, k, logV } = inputs;
  for (const [name, v] of [
    ['q', q],
    ['k', k],
    ['logV', logV],
  ] as const) {
    if (v.rank !== 4)
      throw new RankError(
        `heinsen ${form}: ${name} must be [batch, heads, seq, dim]; got ${describe(inputs)}`,
      );
    if (v.dtype !== 'float32')
      throw new DTypeError(`heinsen ${form}: ${name} must be float32, got ${v.dtype}`);
  }
  const same = (axis: number, a: Value, b: Value) => a.shape[axis] === b.shape[axis];
  if (!same(0, q, k) || !same(1, q, k) || !same(0, k, logV) || !same(1, k, logV))
    throw new ShapeError(`heinsen ${form}: batch and heads must agree; got ${describe(inputs)}`);
  if (!same(3, q, k))
    throw new ShapeError(`heinsen ${form}: q and k must share d_k; got ${describe(inputs)}`);
  if (!same(2, k, logV))
    throw new ShapeError(`heinsen ${form}: k and logV must have the same length; got ${describe(inputs)}`);
  if (typeof q.shape[3] !== 'number' || typeof logV.shape[3] !== 'number')
    throw new ShapeError(`heinsen ${form}: d_k and d_v must be concrete; got ${describe(inputs)}`);
  if (causal && !same(2, q, k))
    throw new ShapeError(`heinsen ${form}: causal attention needs n_q == n_k; got ${describe(inputs)}`);
  if (causal && (typeof q.shape[2] !== 'number' || q.shape[2] < 1))
    throw new InvalidArgumentError(
      `heinsen ${form}: causal forms need a concrete sequence length >= 1; got ${describe(inputs)}`,
    );
}
