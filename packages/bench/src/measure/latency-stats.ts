import type { LatencyStats } from '../schema/bench-results.js';
import { percentile } from './percentile.js';

/** The LatencyStats of a set of step times in ms (all of them; none dropped). */
export function latencyStats(samplesMs: readonly number[]): LatencyStats {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return {
    median_ms: percentile(sorted, 0.5),
    p10_ms: percentile(sorted, 0.1),
    p90_ms: percentile(sorted, 0.9),
    min_ms: sorted[0] ?? Number.NaN,
    max_ms: sorted[sorted.length - 1] ?? Number.NaN,
    samples: sorted.length,
  };
}
