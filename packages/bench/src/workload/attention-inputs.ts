import type { Tensor } from '@constant-attention/core';
import { qkvShapes } from './attention-dims.js';
import { randomTensor } from './random-tensor.js';

/** Seeded q, k, v for n tokens; q and k scaled by 1/2 so softmax logits stay moderate. */
export function attentionInputs(n: number, seed: number): { q: Tensor; k: Tensor; v: Tensor } {
  const shapes = qkvShapes(n);
  return {
    q: randomTensor(shapes.q, seed, 0.5),
    k: randomTensor(shapes.k, seed + 1, 0.5),
    v: randomTensor(shapes.v, seed + 2, 1),
  };
}
