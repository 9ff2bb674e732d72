/**
 * PENDING, DELETE AT MERGE: heinsen's FLOP formula, moved here out of the bench's old mechanism switch
 * until heinsen's own cost.ts (packages/core/src/mechanisms/heinsen/, owned by the heinsen split) states
 * it as `cost.flopsPerHead`. Nothing imports this file but its test; the bench reads only
 * `mechanism.cost.flopsPerHead`, so heinsen has no FLOP count in the bench until then.
 *
 * heinsen (real space; P = the chunk padded to a power of two, N = ceil(n/C) chunks; causal parallel is
 *   one chunk of n): the dyadic blocks compute the causal half, P (P + 1) / 2 weights per chunk, each
 *   a d_k dot (2 dk), a d_v row of values (2 dv) and a norm (1). From P = 64 on the chunk is cut into
 *   S equal segments (S = 2 up to P = 128, 4 from 256) whose queries read the earlier segments' key
 *   sums with the prefix, and the weights counted are the segment fast path's: each segment's whole
 *   (P/S)^2 square, the mask's multiply standing in for the norm (what ORT cpu and wasm run when the
 *   guard holds; the exact dyadic path of other backends makes P (P + 1) / 2 - S (S - 1) / 2 (P/S)^2).
 *   Per chunk also the key sums (2 C dk (dv + 1); 2 P dk (dv + 1) from the segments), one read of all
 *   P rows (2 P dk (dv + 1)) and its row of the scan's decay GEMM (2 G dk (dv + 1), G = min(chunks per
 *   sequence group + 1, 64); groups hold ceil(2048 / C) chunks). The segments' combines, O(S d_k d_v)
 *   per chunk, are left out:
 *   chunked    N [W (2 dk + 2 dv + 1) + 2 (K + P + G) dk (dv + 1)], W = P^2 / S and K = P with
 *              segments; W = P (P + 1) / 2 and K = C below P = 64
 *   recurrent  5 dk (dv + 1): rescale, add the token's outer product (3), read with one GEMV (2)
 */
import type { CostShape, FormName } from '@constant-attention/core';

/** Tokens per sequence group of heinsen's chunked form (core's default groupTokens). */
const HEINSEN_GROUP_TOKENS = 2048;
/** core's segmentCount: segments per block of P (0 below 64, 2 up to 128, 4 from 256). */
function heinsenSegments(block: number): number {
  if (block < 64) return 0;
  return block >= 256 ? 4 : 2;
}

export function heinsenFlopsPending(form: FormName, { n, dk, dv, chunkSize: C }: CostShape): number {
  if (form === 'recurrent') return 5 * dk * (dv + 1);
  const size = form === 'parallel' ? n : Math.min(C, n);
  const chunks = Math.ceil(n / size);
  let block = 1;
  while (block < size) block *= 2;
  const chunksPerGroup = Math.min(chunks, Math.ceil(HEINSEN_GROUP_TOKENS / size));
  const scanGroup = Math.min(chunksPerGroup + 1, 64);
  const segments = heinsenSegments(block);
  const weights = segments > 0 ? block ** 2 / segments : (block * (block + 1)) / 2;
  const keySums = segments > 0 ? block : size;
  const perChunk = weights * (2 * dk + 2 * dv + 1) + 2 * (keySums + block + scanGroup) * dk * (dv + 1);
  return chunks * perChunk;
}
