import { kernelFlops } from '../linear/cost.js';
import type { CostShape, FormName, MechanismCost } from '../mechanism.js';
import { paddedLength } from '../padded-length.js';

/**
 * lln's FLOPs (kernel attention with r = 1, ../linear/cost.ts) plus softmax inside diagonal blocks of
 * B = dk tokens, M = ceil(n/B) B, each score 2 (dk + dv) for the dot and the value row plus 5 for the
 * softmax (max, sub, exp, sum, div):
 *
 *   parallel, chunked   lln's + 2 M B (dk + dv) + 5 M B
 *   recurrent           lln's + 2 B (dk + dv) + 5 B     the block's B slots, filled or not
 */
function diagonalBlockFlops(form: FormName, { n, dk, dv }: CostShape): number {
  const B = dk;
  const rows = form === 'recurrent' ? 1 : paddedLength(n, B);
  return 2 * rows * B * (dk + dv) + 5 * rows * B;
}

export const llnDiagCost: MechanismCost = {
  parallelTime: 'O(n d_k (d_k + d_v)) non-causal, O(n^2 d) causal',
  stepTime: 'O(d_k d_v)',
  stateSize: 'O(d_k (d_k + d_v))',
  flopsPerHead: (form, shape) => kernelFlops(form, shape, 1) + diagonalBlockFlops(form, shape),
};
