import { InvalidArgumentError } from '../errors.js';
import type { GraphBuilder, Value } from '../ir/builder.js';

/** The pieces of global-norm clipping, for an update that applies the factor itself. */
export interface GlobalNormClip {
  /** The global L2 norm before clipping (a scalar). */
  readonly norm: Value;
  /** min(1, maxNorm / (norm + 1e-6)): what every gradient is multiplied by. */
  readonly factor: Value;
  /** Each gradient squared elementwise, in the gradient's shape. */
  readonly squares: readonly Value[];
}

function checkClip(grads: readonly Value[], maxNorm: number): void {
  if (!(maxNorm > 0 && Number.isFinite(maxNorm))) {
    throw new InvalidArgumentError(`clipByGlobalNorm: maxNorm must be a finite number > 0, got ${maxNorm}`);
  }
  if (grads.length === 0) throw new InvalidArgumentError('clipByGlobalNorm: no gradients given');
}

/**
 * The norm and factor of clipByGlobalNorm without scaling the gradients, so that an optimizer can fold
 * the factor into its own scalars (adamwUpdate's gradScale) instead of a pass over every gradient.
 */
export function globalNormClip(b: GraphBuilder, grads: readonly Value[], maxNorm: number): GlobalNormClip {
  checkClip(grads, maxNorm);
  const squares = grads.map((g) => b.mul(g, g));
  const sums = squares.map((s) =>
    b.reduceSum(
      s,
      s.shape.map((_, axis) => axis),
    ),
  );
  const norm = b.sqrt(sums.reduce((sum, s) => b.add(sum, s)));
  const factor = b.minimum(b.div(maxNorm, b.add(norm, 1e-6)), 1);
  return { norm, factor, squares };
}

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
  const { norm, factor } = globalNormClip(b, grads, maxNorm);
  return { grads: grads.map((g) => b.mul(g, factor)), norm };
}
