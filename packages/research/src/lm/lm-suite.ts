import type { Backend } from '@constant-attention/core';
import type { ResearchRecord } from '../records/results-file.js';
import { type RunEvents, runPending } from '../records/run-pending.js';
import { fixed, markdownTable } from '../report/markdown-table.js';
import type { SuiteReport } from '../report/write-report.js';
import { lmPlan, lmRunLabel } from './lm-plan.js';
import { runLm } from './lm-run.js';

export async function lmSuite(
  backend: Backend,
  out: string,
  quick: boolean,
  events: RunEvents,
): Promise<SuiteReport> {
  const file = await runPending(
    out,
    'lm',
    quick,
    lmPlan(quick),
    ({ config, seed }) => runLm(backend, out, config, seed),
    events,
  );
  return lmReport(file.records);
}

export function lmReport(records: readonly ResearchRecord[]): SuiteReport {
  const rs = records.filter((r) => r.task === 'lm');
  const name = (r: ResearchRecord) => lmRunLabel(r);
  const table = markdownTable(
    [
      'model',
      'params',
      'held-out bits/byte',
      'training tokens/s (median step)',
      'decode state at 4k tokens (bytes)',
    ],
    rs.map((r) => [
      name(r),
      String(r.params),
      fixed(r.val_bits_per_byte, 4),
      fixed(r.train_tokens_per_s, 0),
      String(r.decode_state_bytes_4k),
    ]),
  );
  const markdown = [
    '## Language-model quality on the SOTU corpus (byte tokens, same size, budget and seed)',
    '',
    table,
  ].join('\n');
  const plot = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Held-out bits/byte by model',
    data: { values: rs.map((r) => ({ model: name(r), bits_per_byte: r.val_bits_per_byte })) },
    mark: 'bar',
    encoding: {
      y: { field: 'model', type: 'nominal', sort: 'x' },
      x: { field: 'bits_per_byte', type: 'quantitative', title: 'held-out bits/byte' },
    },
  };
  return { markdown, plots: { 'lm-bits-per-byte': plot } };
}
