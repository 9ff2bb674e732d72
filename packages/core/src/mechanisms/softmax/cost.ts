import type { FormName, MechanismCost } from '../mechanism.js';
import { paddedLength } from '../padded-length.js';

/**
 * FLOPs per (batch, head), counted as the graphs compute them: full n x n score squares where a form
 * masks instead of skipping. A multiply-add is 2 FLOPs; each score costs 5 more (max, sub, exp, sum,
 * div); O(n d) elementwise terms are left out as lower order.
 *
 *   parallel   2 n^2 (dk + dv) + 5 n^2                   the full n x n square, masked
 *   chunked    2 N^2 (dk + dv) + 5 N^2,  N = ceil(n/C) C  every (query, key) chunk pair, masked
 *   recurrent  2 (t+1) (dk + dv) + 5 (t+1)              attend over the cache plus the new token
 */
export function softmaxFlops(form: FormName, n: number, dk: number, dv: number, C: number): number {
  const scores = form === 'parallel' ? n * n : form === 'chunked' ? paddedLength(n, C) ** 2 : n + 1;
  return 2 * scores * (dk + dv) + 5 * scores;
}

export const softmaxCost: MechanismCost = {
  parallelTime: 'O(n^2 (dk + dv))',
  stepTime: 'O(t (dk + dv))',
  stateSize: 'O(t (dk + dv))',
  flopsPerHead: (form, { n, dk, dv, chunkSize }) => softmaxFlops(form, n, dk, dv, chunkSize),
};
