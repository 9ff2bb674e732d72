import type { DecodeSample } from '../schema/bench-results.js';
import { linePlotSpec } from './line-plot.js';

const TITLES = {
  median_ms: 'Decode: ms per token vs context length',
  state_bytes: 'Decode: state bytes vs context length',
} as const;

export function decodePlot(samples: readonly DecodeSample[], field: keyof typeof TITLES): object {
  const rows = samples.map((s) => ({
    n: s.n,
    value: s[field],
    mechanism: s.mechanism,
    backend: `${s.backend}:${s.device}`,
  }));
  return linePlotSpec(rows, {
    title: TITLES[field],
    x: { field: 'n', title: 'context length (tokens)' },
    y: { field: 'value', title: field === 'median_ms' ? 'median ms / token' : 'state bytes' },
    color: 'mechanism',
    ...(new Set(rows.map((r) => r.backend)).size > 1 ? { dash: 'backend' } : {}),
  });
}
