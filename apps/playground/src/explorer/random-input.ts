import { mulberry32, Tensor } from '@constant-attention/core';
import type { QkInput } from './attention-matrix-of.js';

/** Standard normal Q, K (and gate logits) of one head, from a seed: the same seed, the same matrices. */
export function randomInput(n: number, dk: number, seed: number, causal: boolean): QkInput {
  const uniform = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const draw = (count: number) => Float32Array.from({ length: count }, normal);
  return {
    q: Tensor.float32(draw(n * dk), [1, 1, n, dk]),
    k: Tensor.float32(draw(n * dk), [1, 1, n, dk]),
    gate: Tensor.float32(draw(n), [1, 1, n, 1]),
    causal,
  };
}
