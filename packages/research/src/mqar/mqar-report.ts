import type { ResearchRecord } from '../records/results-file.js';
import { fixed, markdownTable } from '../report/markdown-table.js';
import type { SuiteReport } from '../report/write-report.js';

interface MqarRecord extends ResearchRecord {
  readonly mechanism: string;
  readonly seq: number;
  readonly kv_pairs: number;
  readonly d_model: number;
  readonly lr: number;
  readonly accuracy: number;
}

/** The best record over learning rates for each (mechanism, seq, kv_pairs, d_model), in record order. */
export function bestOverLr(records: readonly ResearchRecord[]): MqarRecord[] {
  const best = new Map<string, MqarRecord>();
  for (const r of records as readonly MqarRecord[]) {
    if (r.task !== 'mqar') continue;
    const id = `${r.mechanism}|${r.seq}|${r.kv_pairs}|${r.d_model}`;
    const held = best.get(id);
    if (!held || r.accuracy > held.accuracy) best.set(id, r);
  }
  return [...best.values()];
}

/**
 * One row per mechanism, one column per (seq, pairs, d_model), each cell the best held-out accuracy
 * over learning rates with that rate; then the plot of accuracy against the pair count.
 */
export function mqarReport(records: readonly ResearchRecord[]): SuiteReport {
  const best = bestOverLr(records);
  const columns = [...new Set(best.map((r) => `${r.seq}|${r.kv_pairs}|${r.d_model}`))];
  const mechanisms = [...new Set(best.map((r) => r.mechanism))];
  const cell = (m: string, c: string) => {
    const r = best.find((x) => x.mechanism === m && `${x.seq}|${x.kv_pairs}|${x.d_model}` === c);
    return r ? `${fixed(r.accuracy, 3)} (lr ${r.lr})` : '';
  };
  const header = [
    'mechanism',
    ...columns.map((c) => {
      const [seq, kv, d] = c.split('|');
      return `seq ${seq}, ${kv} pairs, d ${d}`;
    }),
  ];
  const table = markdownTable(
    header,
    mechanisms.map((m) => [m, ...columns.map((c) => cell(m, c))]),
  );
  const markdown = [
    '## MQAR: held-out recall accuracy (best over learning rates)',
    '',
    table,
    '',
    'Accuracy is the fraction of held-out queries whose argmax is the paired value. A model that ignores',
    'the context and guesses a value scores 1 / (vocab / 2) = 1/4096.',
  ].join('\n');
  const plot = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'MQAR held-out accuracy by pair count (best over learning rates)',
    data: { values: best.map((r) => ({ ...r, d_model: `d_model ${r.d_model}` })) },
    mark: { type: 'line', point: true },
    encoding: {
      x: {
        field: 'kv_pairs',
        type: 'quantitative',
        title: 'key-value pairs',
        scale: { type: 'log', base: 2 },
      },
      y: { field: 'accuracy', type: 'quantitative', scale: { domain: [0, 1] } },
      color: { field: 'mechanism', type: 'nominal' },
      column: { field: 'd_model', type: 'nominal', title: null },
    },
  };
  return { markdown, plots: { 'mqar-accuracy': plot } };
}
