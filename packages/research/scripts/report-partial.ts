// Writes results.md and the plots of a results.json whose suite was stopped (or is still running) before
// its last run, with the number of runs it holds, so a partial run can be committed as it stands:
//   node --conditions=@constant-attention/source --import tsx scripts/report-partial.ts mqar|lm DIR PLANNED_RUNS [--quick]
import { join, resolve } from 'node:path';
import { lmReport } from '../src/lm/lm-suite.js';
import { mqarReport } from '../src/mqar/mqar-report.js';
import { loadResults } from '../src/records/results-file.js';
import { machineLine } from '../src/report/machine-line.js';
import { writeReport } from '../src/report/write-report.js';

const [suite, dir, planned, mode] = process.argv.slice(2);
const reports = { mqar: mqarReport, lm: lmReport } as const;
if (!dir || !planned || (suite !== 'mqar' && suite !== 'lm'))
  throw new Error('usage: report-partial.ts mqar|lm DIR PLANNED_RUNS [--quick]');
const quick = mode === '--quick';
const out = resolve(dir);
const file = await loadResults(join(out, 'results.json'), suite, quick);
const report = reports[suite](file.records);
const note = `**Partial:** ${file.records.length} of ${planned} runs; the rest resume with the same command.\n\n`;
await writeReport(
  out,
  { ...report, markdown: note + report.markdown },
  {
    command: `pnpm research ${suite}${quick ? ' --quick' : ''} --out ${dir}`,
    machine: machineLine(new Date()),
  },
);
