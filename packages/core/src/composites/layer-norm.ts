import type { GraphBuilder, Value } from '../ir/builder.js';
import type { CompositeAttrs } from '../ir/ops.js';
import { decomposeReduceMean } from './reduce-mean.js';

/** Normalizes over the last axis with the population variance (as torch.nn.LayerNorm does). */
export function decomposeLayerNorm(
  b: GraphBuilder,
  [x, gamma, beta]: readonly Value[],
  { eps }: CompositeAttrs['LayerNorm'],
): Value {
  const mean = decomposeReduceMean(b, [x!], { axes: [-1], keepDims: true });
  const centered = b.sub(x!, mean);
  const variance = decomposeReduceMean(b, [b.mul(centered, centered)], { axes: [-1], keepDims: true });
  return b.add(b.mul(b.div(centered, b.sqrt(b.add(variance, eps))), gamma!), beta!);
}
