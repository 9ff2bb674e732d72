/** The decode and prefill suites' head geometry: H = 8 heads of d = 64, batch 1 (a small LM's layer). */
export const BENCH_DIMS = { batch: 1, heads: 8, dk: 64, dv: 64 } as const;

/** Chunk size of the chunked form wherever the bench runs it. */
export const BENCH_CHUNK_SIZE = 256;

export function qkvShapes(n: number) {
  const { batch, heads, dk, dv } = BENCH_DIMS;
  return { q: [batch, heads, n, dk], k: [batch, heads, n, dk], v: [batch, heads, n, dv] };
}
