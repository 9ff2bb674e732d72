import { baselineMechanism } from '@constant-attention/core';
import type { DecodeSample } from '../schema/bench-results.js';
import { formatBytes, formatMs, formatRatio, markdownTable } from './format.js';

/** The registered mechanism marked `baseline` (softmax): speed-ups and crossovers are measured against it. */
function baselineName(): string {
  return baselineMechanism()?.name ?? '(no baseline registered)';
}

function byBackend(samples: readonly DecodeSample[]): Map<string, DecodeSample[]> {
  const groups = new Map<string, DecodeSample[]>();
  for (const s of samples) {
    const key = `${s.backend}:${s.device}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return groups;
}

const unique = <T>(items: readonly T[]) => [...new Set(items)];

/** `last`'s round-by-round ratio to `first`, when both were timed interleaved in the same rounds. */
function pairedGrowth(first: DecodeSample, last: DecodeSample) {
  const paired = last.paired_ratio;
  return paired && paired.reference_n === first.n ? paired : undefined;
}

/** Two decimals near 1, where the flatness tolerance (1.1) lives. */
const formatGrowth = (ratio: number) => (ratio < 10 ? `${ratio.toFixed(2)}x` : formatRatio(ratio));

/**
 * Per backend: context length -> ms per token for every mechanism, with its speed-up over the baseline
 * at the same context; then each mechanism's stated cost next to how its time and state moved.
 */
export function decodeTable(samples: readonly DecodeSample[]): string {
  const baseline = baselineName();
  const parts: string[] = [];
  for (const [backend, group] of byBackend(samples)) {
    const mechanisms = unique(group.map((s) => s.mechanism));
    const lengths = unique(group.map((s) => s.n)).sort((a, b) => a - b);
    const at = (m: string, n: number) => group.find((s) => s.mechanism === m && s.n === n);
    const rows = lengths.map((n) => {
      const base = at(baseline, n);
      return [
        String(n),
        ...mechanisms.map((m) => {
          const s = at(m, n);
          if (!s) return '-';
          const speedUp = base && m !== baseline ? ` (${formatRatio(base.median_ms / s.median_ms)})` : '';
          return `${formatMs(s.median_ms)}${speedUp}`;
        }),
      ];
    });
    parts.push(
      `### ${backend}: milliseconds per generated token (median; in brackets: speed-up over ${baseline})`,
      '',
      markdownTable(['context length', ...mechanisms], rows),
      '',
    );
    const first = lengths[0]!;
    const last = lengths[lengths.length - 1]!;
    const costRows = mechanisms.map((m) => {
      const a = at(m, first);
      const b = at(m, last);
      const paired = a && b ? pairedGrowth(a, b) : undefined;
      return [
        m,
        a?.cost.stepTime ?? '-',
        a?.cost.stateSize ?? '-',
        paired
          ? `${formatGrowth(paired.median)} (${formatGrowth(paired.p10)}-${formatGrowth(paired.p90)}, ${paired.rounds} rounds)`
          : '-',
        a && b ? formatGrowth(b.median_ms / a.median_ms) : '-',
        a ? formatBytes(a.state_bytes) : '-',
        b ? formatBytes(b.state_bytes) : '-',
      ];
    });
    parts.push(
      markdownTable(
        [
          'mechanism',
          'stated step cost',
          'stated state size',
          `t(${last})/t(${first}) paired by round (p10-p90)`,
          'ratio of medians',
          `state @ ${first}`,
          `state @ ${last}`,
        ],
        costRows,
      ),
      '',
    );
  }
  return parts.join('\n');
}

/**
 * Per backend: t(max n)/t(min n) per mechanism and the speed-up over the baseline at the largest n. The
 * growth is the paired (round-by-round) ratio where the lengths were timed interleaved, else the ratio
 * of medians; `time_growth_method` says which, and the ratio of medians is kept alongside.
 */
export function decodeSummary(samples: readonly DecodeSample[]): Record<string, unknown> {
  const baseline = baselineName();
  const summary: Record<string, unknown> = {};
  for (const [backend, group] of byBackend(samples)) {
    const lengths = unique(group.map((s) => s.n)).sort((a, b) => a - b);
    const first = lengths[0]!;
    const last = lengths[lengths.length - 1]!;
    const at = (m: string, n: number) => group.find((s) => s.mechanism === m && s.n === n);
    const growth: Record<string, number> = {};
    const method: Record<string, 'paired rounds' | 'ratio of medians'> = {};
    const ratioOfMedians: Record<string, number> = {};
    const speedUp: Record<string, number> = {};
    for (const m of unique(group.map((s) => s.mechanism))) {
      const a = at(m, first);
      const b = at(m, last);
      if (a && b) {
        const paired = pairedGrowth(a, b);
        ratioOfMedians[m] = b.median_ms / a.median_ms;
        growth[m] = paired ? paired.median : ratioOfMedians[m]!;
        method[m] = paired ? 'paired rounds' : 'ratio of medians';
      }
      const base = at(baseline, last);
      if (b && base && m !== baseline) speedUp[m] = base.median_ms / b.median_ms;
    }
    summary[backend] = {
      shortest_n: first,
      longest_n: last,
      time_growth_longest_over_shortest: growth,
      time_growth_method: method,
      time_growth_ratio_of_medians: ratioOfMedians,
      speed_up_over_softmax_at_longest_n: speedUp,
    };
  }
  return summary;
}
