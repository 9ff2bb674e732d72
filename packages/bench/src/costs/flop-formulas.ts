import { InvalidArgumentError } from '@constant-attention/core';
import { type KernelForm, type KernelShape, padded } from './kernel-shape.js';

/**
 * FLOPs per (batch, head), counted the way the forms' graphs compute (full score squares where the
 * graph masks instead of skipping). A multiply-add is 2 FLOPs; every elementwise op, exp and log
 * included, is 1 FLOP per element; O(n d) elementwise terms (feature maps, scaling, the final
 * division) are left out because they are lower order in every form below. Formulas:
 *
 * softmax (scores s, per score 5 softmax FLOPs: max, sub, exp, sum, div)
 *   parallel  2 n^2 (dk + dv) + 5 n^2                 full n x n square, masked
 *   chunked   2 N^2 (dk + dv) + 5 N^2,  N = ceil(n/C) C   every (query, key) chunk pair, masked
 *   step(t)   2 (t+1) (dk + dv) + 5 (t+1)             attend over the cache plus the new token
 * kernel attention (linear: r = 0; linear-elu, lln: r = 1 for the normalizer)
 *   parallel  2 n^2 (dk + dv) + r n^2                 A = f(Q) f(K)^T, A V, masked; row sums of A
 *   chunked   2 N C (dk + dv) + 4 N dk dv             intra-chunk A and A V; f(Q_c) S and S += f(K_c)^T V_c
 *             + r (N C + 3 N dk)                      intra row sums; z += f(k) (dk), f(q).z (2 dk)
 *   step      4 dk dv + 3 r dk                        S += f(k)^T v and f(q) S; z += f(k), f(q).z
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
 *   chunked  N [W (2 dk + 2 dv + 1) + 2 (K + P + G) dk (dv + 1)], W = P^2 / S and K = P with
 *            segments; W = P (P + 1) / 2 and K = C below P = 64
 *   step     5 dk (dv + 1): rescale, add the token's outer product (3), read with one GEMV (2)
 * lln-diag: lln plus softmax inside diagonal blocks of B = dk tokens (M = ceil(n/B) B)
 *   parallel/chunked  lln's + 2 M B (dk + dv) + 5 M B
 *   step              lln's + 2 B (dk + dv) + 5 B     the block's B slots, filled or not
 */
export function flopsPerHead(mechanism: string, form: KernelForm, s: KernelShape): number {
  const { n, dk, dv, chunkSize: C } = s;
  switch (mechanism) {
    case 'softmax':
      return softmaxFlops(form, n, dk, dv, C);
    case 'linear':
      return kernelFlops(form, n, dk, dv, C, 0);
    case 'linear-elu':
    case 'lln':
      return kernelFlops(form, n, dk, dv, C, 1);
    case 'heinsen':
      return heinsenFlops(form, n, dk, dv, C);
    case 'lln-diag':
      return kernelFlops(form, n, dk, dv, C, 1) + diagonalBlockFlops(form, n, dk, dv);
    default:
      throw new InvalidArgumentError(`no FLOP formula for mechanism '${mechanism}'`);
  }
}

function softmaxFlops(form: KernelForm, n: number, dk: number, dv: number, C: number): number {
  const scores = form === 'parallel' ? n * n : form === 'chunked' ? padded(n, C) ** 2 : n + 1;
  return 2 * scores * (dk + dv) + 5 * scores;
}

function kernelFlops(form: KernelForm, n: number, dk: number, dv: number, C: number, r: number): number {
  if (form === 'step') return 4 * dk * dv + 3 * r * dk;
  if (form === 'parallel') return 2 * n * n * (dk + dv) + r * n * n;
  const N = padded(n, C);
  return 2 * N * C * (dk + dv) + 4 * N * dk * dv + r * (N * C + 3 * N * dk);
}

function diagonalBlockFlops(form: KernelForm, n: number, dk: number, dv: number): number {
  const B = dk;
  const rows = form === 'step' ? 1 : padded(n, B);
  return 2 * rows * B * (dk + dv) + 5 * rows * B;
}

/** Tokens per sequence group of heinsen's chunked form (core's default groupTokens). */
const HEINSEN_GROUP_TOKENS = 2048;
/** core's segmentCount: segments per block of P (0 below 64, 2 up to 128, 4 from 256). */
function heinsenSegments(block: number): number {
  if (block < 64) return 0;
  return block >= 256 ? 4 : 2;
}

function heinsenFlops(form: KernelForm, n: number, dk: number, dv: number, C: number): number {
  if (form === 'step') return 5 * dk * (dv + 1);
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

/**
 * The useful FLOPs of causal chunked attention with a d_k x (d_v + 1) state (values and a ones column
 * for the normalizer), independent of how a graph arranges them: per chunk of C tokens the causal half
 * of its C x C block, C (C + 1) / 2 pairs x (a d_k dot, a d_v row of values, a norm add), and the state
 * read by its C queries and updated by its C keys (2 C d_k (d_v + 1) each). A graph may compute fewer
 * (heinsen's top level reads key sums) or more (masked full squares); this is the work the answer needs
 * at chunk size C, the count a throughput "on useful FLOPs" divides by.
 */
export function usefulCausalChunkedFlopsPerHead(s: KernelShape): number {
  const { n, dk, dv, chunkSize } = s;
  const C = Math.min(chunkSize, n);
  const chunks = Math.ceil(n / C);
  return chunks * (((C * (C + 1)) / 2) * (2 * dk + 2 * dv + 1) + 4 * C * dk * (dv + 1));
}
