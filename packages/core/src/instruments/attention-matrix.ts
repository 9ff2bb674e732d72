import { InvalidArgumentError } from '../errors.js';
import { evaluate } from '../interpreter/evaluate.js';
import { GraphBuilder } from '../ir/builder.js';
import type { AnyMechanism } from '../mechanisms/mechanism.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * Host helper for the instruments: the mechanism's full attention matrix [b, h, n_q, n_k] of q, k
 * [b, h, n, d], computed in float64 by the reference interpreter. Options are merged over the
 * mechanism's defaults (so eps is its own default unless given).
 */
export function attentionMatrices(
  mechanism: AnyMechanism,
  q: Tensor,
  k: Tensor,
  options: { readonly causal: boolean } & Record<string, unknown>,
): Tensor {
  if (!mechanism.attentionMatrix) {
    throw new InvalidArgumentError(
      `attentionMatrices: mechanism '${mechanism.name}' has no explicit attention matrix`,
    );
  }
  if (q.rank !== 4 || k.rank !== 4) {
    throw new InvalidArgumentError(
      `attentionMatrices: q and k must be [batch, heads, seq, dim]; got [${q.shape}] and [${k.shape}]`,
    );
  }
  const b = new GraphBuilder();
  const qv = b.input('q', 'float32', q.shape);
  const kv = b.input('k', 'float32', k.shape);
  const p = mechanism.attentionMatrix(b, qv, kv, { ...mechanism.defaultOptions, ...options });
  return evaluate(b.build({ p }), { q, k }).p!;
}
