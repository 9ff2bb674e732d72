import type { ResearchRecord } from '../records/results-file.js';
import { fixed, markdownTable } from '../report/markdown-table.js';
import type { SuiteReport } from '../report/write-report.js';

const METRICS = [
  ['row_entropy', 'mean row entropy (nats)'],
  ['spectral_gap', 'spectral gap 1 - |lambda_2|'],
  ['log_normal_variance', 'variance of log P (log-normal sigma^2)'],
  ['tv_to_softmax', 'total variation distance to softmax rows'],
] as const;

/** One table per instrument (mechanism x q, k std), LLN's moment-matched scales, and two plots. */
export function instrumentsReport(records: readonly ResearchRecord[]): SuiteReport {
  const rs = records.filter((r) => r.task === 'instruments');
  const stds = [...new Set(rs.map((r) => r.qk_std as number))].sort((a, b) => a - b);
  const mechanisms = [...new Set(rs.map((r) => r.mechanism as string))];
  const find = (m: string, s: number) => rs.find((r) => r.mechanism === m && r.qk_std === s);
  const cell = (r: ResearchRecord | undefined, field: string) =>
    !r ? '' : r.error ? 'n/a (probe failed)' : r.signed ? 'n/a (signed weights)' : fixed(r[field], 3);
  const sections = METRICS.map(([field, title]) =>
    [
      `### ${title}`,
      '',
      markdownTable(
        ['mechanism', ...stds.map((s) => `q, k std ${s}`)],
        mechanisms.map((m) => [m, ...stds.map((s) => cell(find(m, s), field))]),
      ),
    ].join('\n'),
  );
  const first = (s: number) => rs.find((r) => r.qk_std === s);
  const scales = markdownTable(
    ['', ...stds.map((s) => `q, k std ${s}`)],
    [
      ['alpha', ...stds.map((s) => fixed(first(s)?.lln_alpha, 3))],
      ['beta', ...stds.map((s) => fixed(first(s)?.lln_beta, 3))],
    ],
  );
  const errors = rs.filter((r) => r.error).map((r) => `- ${r.mechanism}: ${String(r.error)}`);
  const markdown = [
    '## Instruments: concentration of attention on random q and k (non-causal, one head)',
    '',
    ...sections.flatMap((s) => [s, '']),
    "### LLN's moment-matched scales",
    '',
    scales,
    ...(errors.length ? ['', 'Not probed:', ...errors] : []),
  ].join('\n');
  const values = rs.filter((r) => !r.error && !r.signed);
  const line = (field: string, title: string) => ({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'qk_std', type: 'quantitative', title: 'std of q and k entries' },
      y: { field, type: 'quantitative' },
      color: { field: 'mechanism', type: 'nominal' },
    },
  });
  return {
    markdown,
    plots: {
      'instruments-entropy': line('row_entropy', 'Mean row entropy of P by q, k scale'),
      'instruments-tv-to-softmax': line(
        'tv_to_softmax',
        'Distance of each mechanism to softmax by q, k scale',
      ),
    },
  };
}
