import { InvalidArgumentError } from '../../errors.js';
import type { GraphBuilder, Value } from '../../ir/builder.js';
import { llnAttentionMatrix } from '../lln/attention-matrix.js';
import type { LlnOptions } from '../lln/options.js';
import { blockDiagSoftmaxWeights } from './block-diag-softmax.js';

/** lln-diag's matrix: 0.5 * (lln's P + the block-diagonal softmax weights, blocks of d_k tokens). */
export function llnDiagAttentionMatrix(
  b: GraphBuilder,
  q: Value,
  k: Value,
  options: LlnOptions & { readonly causal: boolean },
): Value {
  if (q.dim(2) !== k.dim(2)) {
    throw new InvalidArgumentError(
      `lln-diag: the block-diagonal part needs n_q == n_k, got ${String(q.dim(2))} and ${String(k.dim(2))}`,
    );
  }
  const lln = llnAttentionMatrix(b, q, k, options);
  const diag = blockDiagSoftmaxWeights(b, q, k, q.dim(3) as number, options.causal);
  return b.mul(b.add(lln, diag), 0.5);
}
