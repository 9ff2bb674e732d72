import { Tensor } from '../../tensor/tensor.js';
import type { ConformanceCase } from '../mechanism.js';
import type { HeinsenOptions } from './heinsen-attention.js';
import { FAST_PATH_MAX_GAP } from './segment-fast-mass.js';

/** The chunked form on both sides of its fast-path guard: the shared conformance suite runs them on every backend. */
export function fastPathGuardCases(): readonly ConformanceCase<HeinsenOptions>[] {
  return [FAST_PATH_MAX_GAP - 0.5, 200].map(fastPathGuardCase);
}

const [HEADS, N, DK, DV] = [2, 64, 2, 2];

/**
 * The chunked form on one side of its fast-path guard (core, segment-fast-mass.ts). One chunk of 64
 * tokens (two segments of 32). Head 0 has q = 0 and keys 0 except dim 0 of key 31 at `height`, so rows
 * 0-30 get the fast path's offset `height` while their largest weight is e^0: a gap of `height`. Head 1
 * holds ordinary values. Just under FAST_PATH_MAX_GAP a backend that branches takes the fast path, whose
 * head-0 weights are then products near e^-59.5 (normal float32); at 200 they would be 0 and the rows
 * 0/0, so only the exact path matches the oracle.
 */
function fastPathGuardCase(height: number): ConformanceCase<HeinsenOptions> {
  const size = N * DK;
  const q = new Float32Array(HEADS * size);
  const k = new Float32Array(HEADS * size);
  k[31 * DK] = height;
  for (let i = size; i < HEADS * size; i++) {
    q[i] = Math.fround(Math.sin(i) * 2);
    k[i] = Math.fround(Math.cos(3 * i) * 2);
  }
  const v = Float32Array.from({ length: HEADS * N * DV }, (_, i) => Math.fround(Math.sin(7 * i)));
  return {
    title: `chunked on ${height < FAST_PATH_MAX_GAP ? 'the fast' : 'the exact'} side of the fast-path guard (gap ${height})`,
    form: 'chunked',
    inputs: {
      q: Tensor.float32(q, [1, HEADS, N, DK]),
      k: Tensor.float32(k, [1, HEADS, N, DK]),
      v: Tensor.float32(v, [1, HEADS, N, DV]),
    },
    options: { chunkSize: N },
  };
}
