import { baselineMechanism } from '@constant-attention/core';
import type { PrefillSample } from '../schema/bench-results.js';
import { crossover } from './crossover.js';
import { formatBytes, formatMs, markdownTable } from './format.js';

/** The registered mechanism marked `baseline` (softmax): speed-ups and crossovers are measured against it. */
function baselineName(): string {
  return baselineMechanism()?.name ?? '(no baseline registered)';
}
const unique = <T>(items: readonly T[]) => [...new Set(items)];

function byBackend(samples: readonly PrefillSample[]): Map<string, PrefillSample[]> {
  const groups = new Map<string, PrefillSample[]>();
  for (const s of samples) {
    const key = `${s.backend}:${s.device}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return groups;
}

function describe(c: ReturnType<typeof crossover>, baseline: string): string {
  if (c.faster_from_n === null)
    return `not within the measured lengths (${baseline} still wins at n=${c.baseline_wins_at_n})`;
  if (c.baseline_wins_at_n === null) return `faster at every measured length (from n=${c.faster_from_n})`;
  return `between n=${c.baseline_wins_at_n} and n=${c.faster_from_n}`;
}

/** Per backend: n -> causal prefill ms as "parallel / chunked" per mechanism, peak RSS, crossovers. */
export function prefillTable(samples: readonly PrefillSample[]): string {
  const baseline = baselineName();
  const parts: string[] = [];
  for (const [backend, group] of byBackend(samples)) {
    const mechanisms = unique(group.map((s) => s.mechanism));
    const lengths = unique(group.map((s) => s.n)).sort((a, b) => a - b);
    const at = (m: string, n: number, form: string) =>
      group.find((s) => s.mechanism === m && s.n === n && s.form === form);
    const cell = (m: string, n: number, pick: (s: PrefillSample) => string) =>
      ['parallel', 'chunked']
        .map((f) => {
          const s = at(m, n, f);
          return s ? pick(s) : '-';
        })
        .join(' / ');
    parts.push(
      `### ${backend}: causal prefill, ms (median), parallel / chunked form`,
      '',
      markdownTable(
        ['n', ...mechanisms],
        lengths.map((n) => [String(n), ...mechanisms.map((m) => cell(m, n, (s) => formatMs(s.median_ms)))]),
      ),
      '',
      `### ${backend}: peak RSS growth during one prefill, parallel / chunked form`,
      '',
      markdownTable(
        ['n', ...mechanisms],
        lengths.map((n) => [
          String(n),
          ...mechanisms.map((m) => cell(m, n, (s) => formatBytes(s.peak_rss_delta_bytes))),
        ]),
      ),
      '',
      markdownTable(
        ['mechanism', 'stated parallel cost', `crossover vs ${baseline} (best form of each)`],
        mechanisms
          .filter((m) => m !== baseline)
          .map((m) => [
            m,
            group.find((s) => s.mechanism === m)!.cost.parallelTime,
            describe(crossover(group, m, baseline), baseline),
          ]),
      ),
      '',
    );
  }
  return parts.join('\n');
}

export function prefillSummary(samples: readonly PrefillSample[]): Record<string, unknown> {
  const baseline = baselineName();
  const summary: Record<string, unknown> = {};
  for (const [backend, group] of byBackend(samples)) {
    const crossovers: Record<string, unknown> = {};
    for (const m of unique(group.map((s) => s.mechanism))) {
      if (m !== baseline) crossovers[m] = crossover(group, m, baseline);
    }
    summary[backend] = { crossover_vs_softmax: crossovers };
  }
  return summary;
}
