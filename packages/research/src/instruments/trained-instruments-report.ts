import type { ResearchRecord } from '../records/results-file.js';
import { fixed, markdownTable } from '../report/markdown-table.js';
import type { SuiteReport } from '../report/write-report.js';

const COLUMNS = [
  ['row_entropy', 'mean row entropy (nats)'],
  ['spectral_gap', 'spectral gap 1 - abs(lambda_2)'],
  ['log_normal_variance', 'variance of log P'],
  ['tv_to_softmax', 'total variation to softmax rows'],
] as const;

const cells = (r: ResearchRecord) =>
  r.skipped
    ? COLUMNS.map((_, i) => (i === 0 ? `not measured: ${String(r.skipped)}` : ''))
    : r.error
      ? COLUMNS.map(() => 'n/a (probe failed)')
      : r.signed
        ? COLUMNS.map(() => 'n/a (signed weights)')
        : COLUMNS.map(([field]) => fixed(r[field], 3));

/** Mean over rows t = 1..n of ln t: the entropy of causal attention that has learned nothing. */
function uniformCausalEntropy(n: number): number {
  let sum = 0;
  for (let t = 1; t <= n; t++) sum += Math.log(t);
  return sum / n;
}

/** Two tables: each trained model's own attention, then every mechanism on softmax's trained q and k. */
export function trainedInstrumentsReport(
  records: readonly ResearchRecord[],
  softmaxRun?: string,
): SuiteReport {
  const own = records.filter((r) => r.task === 'instruments-trained');
  const onSoftmax = records.filter((r) => r.task === 'instruments-on-softmax-qk');
  const first = own.find((r) => typeof r.n === 'number');
  // Presets differ in layers and heads (heinsen-lm's against a gpt's), so the count is per model.
  const counts = [...new Set(own.filter((r) => typeof r.matrices === 'number').map((r) => r.matrices))];
  const matrices =
    counts.length === 1
      ? `${String(counts[0])} matrices per model`
      : "each model's count is `matrices` in results.json";
  const sample = first
    ? `${String(first.windows)} held-out window(s) of ${String(first.n)} tokens, every layer and head (${matrices})`
    : 'held-out text';
  const ownTable = markdownTable(
    ['lm run', ...COLUMNS.map(([, title]) => title)],
    own.map((r) => [String(r.run), ...cells(r)]),
  );
  const lines = [
    "## Instruments on the trained lm models' attention (causal, held-out text)",
    '',
    `Each model's own attention matrices on ${sample}, averaged; rows normalized to sum 1.`,
    "The total variation is to softmax's rows on the same q and k.",
    ...(first
      ? [
          `A uniform causal matrix (each row spread evenly over the tokens so far) has mean row entropy ${fixed(uniformCausalEntropy(first.n as number), 3)}.`,
        ]
      : []),
    '',
    ownTable,
  ];
  if (softmaxRun && onSoftmax.length) {
    const alpha = onSoftmax.find((r) => typeof r.lln_alpha === 'number');
    lines.push(
      '',
      `## Every mechanism on the trained softmax model's q and k (\`${softmaxRun}\`)`,
      '',
      markdownTable(
        ['mechanism', ...COLUMNS.map(([, title]) => title)],
        onSoftmax.map((r) => [String(r.mechanism), ...cells(r)]),
      ),
      '',
      `LLN's moment-matched scales on these q and k (mean over matrices): alpha ${fixed(alpha?.lln_alpha, 3)}, beta ${fixed(alpha?.lln_beta, 3)}.`,
    );
  } else
    lines.push('', 'No trained softmax run in this lm folder, so no mechanism was compared on its q and k.');
  const errors = records
    .filter((r) => r.error)
    .map((r) => `- ${String(r.run ?? r.mechanism)}: ${String(r.error)}`);
  if (errors.length) lines.push('', 'Not probed:', ...errors);
  const values = onSoftmax.filter((r) => !r.error && !r.signed);
  const plot = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: "Distance to softmax's rows on the trained softmax model's q and k",
    data: { values },
    mark: 'bar',
    encoding: {
      y: { field: 'mechanism', type: 'nominal', sort: 'x' },
      x: { field: 'tv_to_softmax', type: 'quantitative', title: 'mean total variation per row' },
    },
  };
  return { markdown: lines.join('\n'), plots: { 'instruments-trained-tv-to-softmax': plot } };
}
