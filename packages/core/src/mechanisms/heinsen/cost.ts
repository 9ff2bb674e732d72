import type { CostShape, FormName, MechanismCost } from '../mechanism.js';
import { DEFAULT_GROUP_TOKENS } from './chunked.js';
import { SCAN_GROUP } from './scaled-scan.js';
import { segmentCount } from './segment-sums.js';

/**
 * FLOPs per (batch, head), counted the way the real-space forms' graphs compute them. A multiply-add is
 * 2 FLOPs; every elementwise op is 1 FLOP per element; O(n d) elementwise terms are left out.
 *
 * P = the chunk padded to a power of two, N = ceil(n/C) chunks; causal parallel is one chunk of n. The
 * dyadic blocks compute the causal half, P (P + 1) / 2 weights per chunk, each a d_k dot (2 dk), a d_v
 * row of values (2 dv) and a norm (1). From P = 64 on the chunk is cut into S equal segments (S = 2 up
 * to P = 128, 4 from 256) whose queries read the earlier segments' key sums with the prefix, and the
 * weights counted are the segment fast path's: each segment's whole (P/S)^2 square, the mask's
 * multiply standing in for the norm (what ORT cpu and wasm run when the guard holds; the exact dyadic
 * path of other backends makes P (P + 1) / 2 - S (S - 1) / 2 (P/S)^2). Per chunk also the key sums
 * (2 C dk (dv + 1); 2 P dk (dv + 1) from the segments), one read of all P rows (2 P dk (dv + 1)) and its
 * row of the scan's decay GEMM (2 G dk (dv + 1), G = min(chunks per sequence group + 1, 64); groups
 * hold ceil(2048 / C) chunks). The segments' combines, O(S d_k d_v) per chunk, are left out:
 *   chunked    N [W (2 dk + 2 dv + 1) + 2 (K + P + G) dk (dv + 1)], W = P^2 / S and K = P with
 *              segments; W = P (P + 1) / 2 and K = C below P = 64
 *   recurrent  5 dk (dv + 1): rescale, add the token's outer product (3), read with one GEMV (2)
 */
function heinsenFlops(form: FormName, { n, dk, dv, chunkSize }: CostShape): number {
  if (form === 'recurrent') return 5 * dk * (dv + 1);
  const size = form === 'parallel' ? n : Math.min(chunkSize, n);
  const chunks = Math.ceil(n / size);
  let block = 1;
  while (block < size) block *= 2;
  const chunksPerGroup = Math.min(chunks, Math.ceil(DEFAULT_GROUP_TOKENS / size));
  const scanGroup = Math.min(chunksPerGroup + 1, SCAN_GROUP);
  const segments = segmentCount(block);
  const weights = segments > 0 ? block ** 2 / segments : (block * (block + 1)) / 2;
  const keySums = segments > 0 ? block : size;
  const perChunk = weights * (2 * dk + 2 * dv + 1) + 2 * (keySums + block + scanGroup) * dk * (dv + 1);
  return chunks * perChunk;
}

export const heinsenCost: MechanismCost = {
  parallelTime: 'O(n^2 (d_k + d_v)) causal, O((n_q + n_k) d_k d_v) non-causal',
  stepTime: 'O(d_k d_v)',
  stateSize: 'd_k (d_v + 2)',
  flopsPerHead: heinsenFlops,
};
