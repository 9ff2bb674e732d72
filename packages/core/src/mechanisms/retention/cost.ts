import type { CostShape, FormName, MechanismCost } from '../mechanism.js';

/**
 * FLOPs per (batch, head) as the graphs compute them, a multiply-add being 2 and an elementwise op 1.
 * Left out, as for the other mechanisms: O(n d) elementwise work (scaling q, weighting k, adding the
 * two halves of the chunked output) and the decay masks themselves, which depend only on positions
 * and are shared by the whole batch. The final state (2 n dk dv) is only built when asked for.
 *
 *   parallel  2 n^2 (dk + dv) + n^2             s Q K^T, times D, times V (full square)
 *   chunked   2 P C (dk + dv) + P C             the same inside each chunk, P = ceil(n/C) C
 *             + 4 P dk dv                       each chunk's own K^T V, and Q S_prev
 *             + 2 L N dk dv                     the scan: L = ceil(log2 N) steps over N chunks
 *   recurrent 6 dk dv                           S = gamma S (1) + k^T v (2) (1), then q S (2)
 *
 * k^T v is a MatMul with inner dimension 1 and counts 2 dk dv like every MatMul, although it only
 * multiplies; the kernel mechanisms' step formulas count S += f(k)^T v as 2 dk dv in all.
 */
export function retentionFlopsPerHead(form: FormName, { n, dk, dv, chunkSize }: CostShape): number {
  if (form === 'recurrent') return 6 * dk * dv;
  if (form === 'parallel') return 2 * n * n * (dk + dv) + n * n;
  const chunks = Math.ceil(n / chunkSize);
  const padded = chunks * chunkSize;
  let steps = 0;
  for (let offset = 1; offset < chunks; offset *= 2) steps++;
  return (
    2 * padded * chunkSize * (dk + dv) +
    padded * chunkSize +
    4 * padded * dk * dv +
    2 * steps * chunks * dk * dv
  );
}

export const retentionCost: MechanismCost = {
  parallelTime: 'O(n^2 (dk + dv))',
  stepTime: 'O(dk dv)',
  stateSize: 'O(dk dv)',
  flopsPerHead: retentionFlopsPerHead,
};
