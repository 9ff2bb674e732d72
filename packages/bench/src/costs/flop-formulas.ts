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
 *   one chunk of n): the dyadic blocks compute only the causal half, P (P + 1) / 2 weights per chunk,
 *   each a d_k dot (2 dk), a d_v row of values (2 dv) and a norm (1); per chunk its key sums
 *   (2 C dk (dv + 1)), the prefix read (2 P dk (dv + 1)) and its row of the scan's decay GEMM
 *   (2 G dk (dv + 1), G = min(N + 1, 64) items per scan group):
 *   chunked  N [P (P + 1) / 2 (2 dk + 2 dv + 1) + 2 (C + P + G) dk (dv + 1)]
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

function heinsenFlops(form: KernelForm, n: number, dk: number, dv: number, C: number): number {
  if (form === 'step') return 5 * dk * (dv + 1);
  const size = form === 'parallel' ? n : Math.min(C, n);
  const chunks = Math.ceil(n / size);
  let block = 1;
  while (block < size) block *= 2;
  const scanGroup = Math.min(chunks + 1, 64);
  const causalHalf = ((block * (block + 1)) / 2) * (2 * dk + 2 * dv + 1);
  return chunks * (causalHalf + 2 * (size + block + scanGroup) * dk * (dv + 1));
}
