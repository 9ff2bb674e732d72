import type { PrefillSample } from '../schema/bench-results.js';

export interface Crossover {
  /** Shortest measured n from which the challenger's best form is faster than the baseline's, for good. */
  readonly faster_from_n: number | null;
  /** The longest measured n below it where the baseline still won (the crossover lies in between). */
  readonly baseline_wins_at_n: number | null;
}

/** Best (fastest over forms) median ms per n, for one mechanism on one backend. */
function bestTimes(samples: readonly PrefillSample[], mechanism: string): Map<number, number> {
  const best = new Map<number, number>();
  for (const s of samples) {
    if (s.mechanism !== mechanism) continue;
    best.set(s.n, Math.min(best.get(s.n) ?? Number.POSITIVE_INFINITY, s.median_ms));
  }
  return best;
}

/** Samples must come from one backend. Only lengths where both mechanisms were measured count. */
export function crossover(
  samples: readonly PrefillSample[],
  challenger: string,
  baseline: string,
): Crossover {
  const a = bestTimes(samples, challenger);
  const b = bestTimes(samples, baseline);
  const lengths = [...a.keys()].filter((n) => b.has(n)).sort((x, y) => x - y);
  let from: number | null = null;
  let before: number | null = null;
  for (const n of lengths) {
    if (a.get(n)! < b.get(n)!) {
      from ??= n;
    } else {
      from = null;
      before = n;
    }
  }
  return { faster_from_n: from, baseline_wins_at_n: before };
}
