import type { CostShape, FormName, MechanismCost } from '../mechanism.js';
import { paddedLength } from '../padded-length.js';

/**
 * FLOPs per (batch, head) of kernel attention, counted as its graphs compute them (masked full squares
 * in the parallel form). A multiply-add is 2 FLOPs, an elementwise op 1; O(n d) terms (feature maps,
 * the final division) are left out as lower order. r = 0 without a feature normalizer (linear), 1
 * with one (linear-elu, lln), for the row sums and z; N = ceil(n/C) C.
 *
 *   parallel   2 n^2 (dk + dv) + r n^2                 A = f(Q) f(K)^T, A V, masked; row sums of A
 *   chunked    2 N C (dk + dv) + 4 N dk dv             intra-chunk A and A V; f(Q_c) S and S += f(K_c)^T V_c
 *              + r (N C + 3 N dk)                      intra row sums; z += f(k) (dk), f(q).z (2 dk)
 *   recurrent  4 dk dv + 3 r dk                        S += f(k)^T v and f(q) S; z += f(k), f(q).z
 */
export function kernelFlops(form: FormName, { n, dk, dv, chunkSize: C }: CostShape, r: 0 | 1): number {
  if (form === 'recurrent') return 4 * dk * dv + 3 * r * dk;
  if (form === 'parallel') return 2 * n * n * (dk + dv) + r * n * n;
  const N = paddedLength(n, C);
  return 2 * N * C * (dk + dv) + 4 * N * dk * dv + r * (N * C + 3 * N * dk);
}

/** A kernel attention's cost, with (r = 1) or without (r = 0) a feature normalizer. */
export function kernelCost(r: 0 | 1): MechanismCost {
  return {
    parallelTime: 'O(n^2 (dk + dv))',
    stepTime: 'O(dk dv)',
    stateSize: 'O(dk dv)',
    flopsPerHead: (form, shape) => kernelFlops(form, shape, r),
  };
}
