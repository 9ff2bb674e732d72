import {
  type Backend,
  FAST_PATH_MAX_GAP,
  getMechanism,
  ReferenceBackend,
  runChunked,
  Tensor,
} from '@constant-attention/core';
import { assertClose } from './assert-close.js';

const oracle = new ReferenceBackend();
const [HEADS, N, DK, DV] = [2, 64, 2, 2];

/**
 * heinsen's chunked form on both sides of its fast-path guard (core, segment-fast-mass.ts). One chunk
 * of 64 tokens (two segments of 32). Head 0 has q = 0 and keys 0 except dim 0 of key 31 at `height`,
 * so rows 0-30 get the fast path's offset `height` while their largest weight is e^0: a gap of
 * `height`. Head 1 holds ordinary values. Just under FAST_PATH_MAX_GAP a backend that branches takes the
 * fast path, whose head-0 weights are then products near e^-59.5 (normal float32); at 200 they would be
 * 0 and the rows 0/0, so only the exact path matches the oracle.
 */
export async function checkHeinsenGuard(backend: Backend, rel: number): Promise<void> {
  const mechanism = getMechanism('heinsen');
  for (const height of [FAST_PATH_MAX_GAP - 0.5, 200]) {
    const size = N * DK;
    const q = new Float32Array(HEADS * size);
    const k = new Float32Array(HEADS * size);
    k[31 * DK] = height;
    for (let i = size; i < HEADS * size; i++) {
      q[i] = Math.fround(Math.sin(i) * 2);
      k[i] = Math.fround(Math.cos(3 * i) * 2);
    }
    const v = Float32Array.from({ length: HEADS * N * DV }, (_, i) => Math.fround(Math.sin(7 * i)));
    const inputs = {
      q: Tensor.float32(q, [1, HEADS, N, DK]),
      k: Tensor.float32(k, [1, HEADS, N, DK]),
      v: Tensor.float32(v, [1, HEADS, N, DV]),
    };
    const run = async (b: Backend) => (await runChunked(b, mechanism, inputs, { chunkSize: N })).out;
    assertClose(await run(backend), await run(oracle), rel, `heinsen chunked, gap ${height}`);
  }
}
