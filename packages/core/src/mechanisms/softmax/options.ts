import { InvalidArgumentError } from '../../errors.js';
import type { Value } from '../../ir/builder.js';

/** `scale` multiplies q.k before the softmax; it defaults to 1/sqrt(dk). */
export interface SoftmaxOptions {
  readonly scale?: number;
}

export function softmaxScale(options: SoftmaxOptions, q: Value): number {
  const dk = q.dim(3);
  if (options.scale !== undefined) {
    if (!Number.isFinite(options.scale)) {
      throw new InvalidArgumentError(`softmax: scale must be finite, got ${options.scale}`);
    }
    return options.scale;
  }
  if (typeof dk !== 'number') throw new InvalidArgumentError(`softmax: dk must be concrete, got '${dk}'`);
  return 1 / Math.sqrt(dk);
}
