/** Median of a slice of per-token times. */
function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface CostSummary {
  readonly firstMs: number;
  readonly lastMs: number;
  /** lastMs / firstMs: about 1 for a constant-cost model, growing with length for a KV cache. */
  readonly ratio: number;
  /** Tokens in each window: `window`, or half the run when it is shorter than two windows. */
  readonly window: number;
}

/** Median ms/token over the first and the last `window` tokens of a run (the README's measure). */
export function summarizeCost(ms: readonly number[], window: number): CostSummary {
  const w = Math.max(1, Math.min(window, Math.floor(ms.length / 2)));
  const firstMs = median(ms.slice(0, w));
  const lastMs = median(ms.slice(ms.length - w));
  return { firstMs, lastMs, ratio: lastMs / firstMs, window: w };
}
