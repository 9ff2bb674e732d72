import type { Contradiction, DecodeSample, PrefillSample } from '../schema/bench-results.js';

/** Whether a big-O expression depends on the sequence length (n, n_q, n_k or the step index t). */
export function growsWithLength(expression: string): boolean {
  return /(^|[^A-Za-z0-9_])(n|t|n_q|n_k)([^A-Za-z0-9_]|$)/.test(expression);
}

/** Decode t(max n) / t(min n) above this contradicts a constant per-token cost. */
export const FLAT_DECODE_TOLERANCE = 1.1;
/** A log-log slope of time vs n above this contradicts a linear-cost form. */
export const LINEAR_SLOPE_TOLERANCE = 1.25;

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function endpoints<T extends { n: number }>(group: readonly T[]): [T, T] | undefined {
  if (group.length < 2) return undefined;
  const sorted = [...group].sort((a, b) => a.n - b.n);
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  return first.n === last.n ? undefined : [first, last];
}

/**
 * Why a flat-cost step's growth from `first` (shortest context) to `last` (longest) is a contradiction,
 * or undefined when it is not. With interleaved timing (last.paired_ratio against first.n) the growth
 * is the median over rounds of t_round(last) / t_round(first), clear of the noise when even the rounds'
 * p10 ratio is above 1 (nine rounds in ten saw the longest context slower). Without it (each length in
 * its own time window): the ratio of medians, clear when the longest context's p10 is above the
 * shortest's p90 (on a shared machine a median alone swings by more than 10%).
 */
function flatStepGrowth(first: DecodeSample, last: DecodeSample, tolerance: number): string | undefined {
  const growth = `step cost is stated ${first.cost.stepTime} (flat), but t(${last.n})/t(${first.n}) =`;
  const paired = last.paired_ratio;
  if (paired && paired.reference_n === first.n) {
    if (paired.median <= tolerance || paired.p10 <= 1) return undefined;
    return `${growth} ${paired.median.toFixed(2)} > ${tolerance} (median over ${paired.rounds} interleaved rounds; p10 ${paired.p10.toFixed(2)} > 1)`;
  }
  const ratio = last.median_ms / first.median_ms;
  if (ratio <= tolerance || last.p10_ms <= first.p90_ms) return undefined;
  return `${growth} ${ratio.toFixed(2)} > ${tolerance} (p10 at n=${last.n} ${last.p10_ms.toPrecision(3)} ms > p90 at n=${first.n} ${first.p90_ms.toPrecision(3)} ms)`;
}

/**
 * For mechanisms whose stated step cost does not grow with context, flags a step time that grows by
 * more than FLAT_DECODE_TOLERANCE from the shortest to the longest context, clear of the noise
 * (flatStepGrowth). Also flags a state whose size changes with context.
 */
export function flagNonFlatDecode(
  samples: readonly DecodeSample[],
  tolerance = FLAT_DECODE_TOLERANCE,
): Contradiction[] {
  const flags: Contradiction[] = [];
  for (const group of groupBy(samples, (s) => `${s.mechanism}|${s.backend}|${s.device}`).values()) {
    const ends = endpoints(group);
    if (!ends) continue;
    const [first, last] = ends;
    const where = {
      mechanism: first.mechanism,
      backend: first.backend,
      device: first.device,
      form: 'recurrent',
    };
    const growth = growsWithLength(first.cost.stepTime) ? undefined : flatStepGrowth(first, last, tolerance);
    if (growth) flags.push({ ...where, message: growth });
    if (!growsWithLength(first.cost.stateSize) && last.state_bytes !== first.state_bytes) {
      flags.push({
        ...where,
        message: `state size is stated ${first.cost.stateSize} (constant), but it is ${first.state_bytes} B at n=${first.n} and ${last.state_bytes} B at n=${last.n}`,
      });
    }
  }
  return flags;
}

/**
 * The chunked form of a constant-state mechanism costs O(n C d + n d^2): linear in n once n spans at
 * least two chunks (below that it is one C x C block, quadratic in n like the parallel form). Flags such
 * a form whose time grows faster than n^LINEAR_SLOPE_TOLERANCE between the shortest and longest n of at
 * least two chunks. With n = 256 = C as the first point, quick runs flagged lln, lln-diag, linear and
 * linear-elu in turn (n^1.3-1.4 to n = 2048) on nothing but that one-chunk start.
 */
export function flagSuperLinearPrefill(
  samples: readonly PrefillSample[],
  tolerance = LINEAR_SLOPE_TOLERANCE,
): Contradiction[] {
  const flags: Contradiction[] = [];
  const linear = samples.filter(
    (s) => s.form === 'chunked' && !growsWithLength(s.cost.stepTime) && s.n >= 2 * (s.chunk_size ?? 0),
  );
  for (const group of groupBy(linear, (s) => `${s.mechanism}|${s.backend}|${s.device}|${s.form}`).values()) {
    const ends = endpoints(group);
    if (!ends) continue;
    const [first, last] = ends;
    const slope = Math.log(last.median_ms / first.median_ms) / Math.log(last.n / first.n);
    if (slope > tolerance) {
      flags.push({
        mechanism: first.mechanism,
        backend: first.backend,
        device: first.device,
        form: first.form,
        message: `chunked form should be linear in n, but time grows as n^${slope.toFixed(2)} from n=${first.n} to n=${last.n}`,
      });
    }
  }
  return flags;
}
