import type { Tensor } from '@constant-attention/core';
import { randomTensor } from '../workload/random-tensor.js';
import type { PeerDims } from './peer-dims.js';

/** Seeded q, k, v [b, h, n, d], scaled as the other suites' inputs (q and k by 1/2). */
export function peerInputs(dims: PeerDims, n: number, seed: number): { q: Tensor; k: Tensor; v: Tensor } {
  const { batch, heads, dk, dv } = dims;
  return {
    q: randomTensor([batch, heads, n, dk], seed, 0.5),
    k: randomTensor([batch, heads, n, dk], seed + 1, 0.5),
    v: randomTensor([batch, heads, n, dv], seed + 2, 1),
  };
}
