import type { KernelShape } from './kernel-shape.js';

/**
 * The useful FLOPs of causal chunked attention with a d_k x (d_v + 1) state (values and a ones column
 * for the normalizer), independent of how a graph arranges them: per chunk of C tokens the causal half
 * of its C x C block, C (C + 1) / 2 pairs x (a d_k dot, a d_v row of values, a norm add), and the state
 * read by its C queries and updated by its C keys (2 C d_k (d_v + 1) each). A graph may compute fewer
 * (one that reads key sums) or more (masked full squares); this is the work the answer needs at chunk
 * size C, the count a throughput "on useful FLOPs" divides by.
 */
export function usefulCausalChunkedFlopsPerHead(s: KernelShape): number {
  const { n, dk, dv, chunkSize } = s;
  const C = Math.min(chunkSize, n);
  const chunks = Math.ceil(n / C);
  return chunks * (((C * (C + 1)) / 2) * (2 * dk + 2 * dv + 1) + 4 * C * dk * (dv + 1));
}
