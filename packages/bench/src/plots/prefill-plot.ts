import type { PrefillSample } from '../schema/bench-results.js';
import { linePlotSpec } from './line-plot.js';

const TITLES = {
  median_ms: 'Prefill: ms vs sequence length (causal)',
  peak_rss_delta_bytes: 'Prefill: peak RSS growth vs sequence length',
} as const;

export function prefillPlot(samples: readonly PrefillSample[], field: keyof typeof TITLES): object {
  const rows = samples
    // A log scale cannot place a zero RSS delta (a run that reused already-resident memory).
    .filter((s) => s[field] > 0)
    .map((s) => ({ n: s.n, value: s[field], mechanism: s.mechanism, form: s.form }));
  return linePlotSpec(rows, {
    title: TITLES[field],
    x: { field: 'n', title: 'sequence length (tokens)' },
    y: { field: 'value', title: field === 'median_ms' ? 'median ms' : 'peak RSS growth (bytes)' },
    color: 'mechanism',
    dash: 'form',
  });
}
