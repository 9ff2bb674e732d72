import { InvalidArgumentError } from '../errors.js';
import type { GraphBuilder, Value } from '../ir/builder.js';

/**
 * Scales all gradients together so that their global L2 norm is at most maxNorm, as
 * torch.nn.utils.clip_grad_norm_ does: factor = min(1, maxNorm / (norm + 1e-6)). Returns the norm
 * before clipping, which is worth logging.
 */
export function clipByGlobalNorm(
  b: GraphBuilder,
  grads: readonly Value[],
  maxNorm: number,
): { readonly grads: readonly Value[]; readonly norm: Value } {
  if (!(maxNorm > 0 && Number.isFinite(maxNorm))) {
    throw new InvalidArgumentError(`clipByGlobalNorm: maxNorm must be a finite number > 0, got ${maxNorm}`);
  }
  if (grads.length === 0) throw new InvalidArgumentError('clipByGlobalNorm: no gradients given');
  const squares = grads.map((g) =>
    b.reduceSum(
      b.mul(g, g),
      g.shape.map((_, axis) => axis),
    ),
  );
  const norm = b.sqrt(squares.reduce((sum, s) => b.add(sum, s)));
  const factor = b.minimum(b.div(maxNorm, b.add(norm, 1e-6)), 1);
  return { grads: grads.map((g) => b.mul(g, factor)), norm };
}
