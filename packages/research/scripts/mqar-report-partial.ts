// Writes results.md and the plot of an MQAR results.json whose suite was stopped before its last run,
// with the number of runs it holds, so a partial quick run can be committed as it stands:
//   node --conditions=@constant-attention/source --import tsx scripts/mqar-report-partial.ts DIR PLANNED_RUNS
import { join, resolve } from 'node:path';
import { mqarReport } from '../src/mqar/mqar-report.js';
import { loadResults } from '../src/records/results-file.js';
import { machineLine } from '../src/report/machine-line.js';
import { writeReport } from '../src/report/write-report.js';

const [dir, planned] = process.argv.slice(2);
if (!dir || !planned) throw new Error('usage: mqar-report-partial.ts DIR PLANNED_RUNS');
const out = resolve(dir);
const file = await loadResults(join(out, 'results.json'), 'mqar', true);
const report = mqarReport(file.records);
const note = `**Partial:** ${file.records.length} of ${planned} runs; the suite was stopped and resumes with the same command.\n\n`;
await writeReport(
  out,
  { ...report, markdown: note + report.markdown },
  {
    command: `pnpm research mqar --quick --out ${dir}`,
    machine: machineLine(new Date()),
  },
);
