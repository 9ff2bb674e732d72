import type { Backend, FormName } from '@constant-attention/core';
import { GOLDEN_RUNNERS } from '../../src/golden/cases/index.js';
import { compareTensors } from '../../src/golden/compare.js';
import type { Comparison, GoldenCase } from '../../src/golden/golden-case.js';
import type { GoldenRow } from '../../src/golden/golden-report.js';
import { isLoadFailure, parseGoldenCase } from '../../src/golden/load-golden.js';
import { precisionFor } from '../../src/golden/run-golden.js';
import type { TimedGoldenRow } from '../protocol.js';

function messageOf(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

function failed(
  where: Partial<GoldenRow> & Pick<GoldenRow, 'case' | 'file' | 'env'>,
  reason: string,
): GoldenRow {
  return {
    mechanism: '-',
    form: '-',
    maxAbsErr: Number.NaN,
    maxRelErr: Number.NaN,
    tolerance: Number.NaN,
    ...where,
    pass: false,
    reason,
  };
}

/** One case in one form, judged with the same comparison rule and README tolerances as `pnpm golden`. */
async function runForm(
  backend: Backend,
  env: string,
  golden: GoldenCase,
  form: FormName,
): Promise<GoldenRow> {
  const runner = GOLDEN_RUNNERS.get(golden.format)!;
  const where = { case: golden.name, file: golden.file, mechanism: runner.mechanism, env, form };
  let comparisons: readonly Comparison[];
  try {
    comparisons = await runner.run(backend, form, golden, precisionFor(backend.name));
  } catch (err) {
    return failed(where, messageOf(err));
  }
  if (comparisons.length === 0) return failed(where, 'the runner compared nothing');
  let maxAbsErr = 0;
  let maxRelErr = 0;
  let tolerance = 0;
  const failures: string[] = [];
  for (const c of comparisons) {
    const outcome = compareTensors(c.actual, c.expected, c.tolerance);
    maxAbsErr = Math.max(maxAbsErr, outcome.maxAbsErr);
    maxRelErr = Math.max(maxRelErr, outcome.maxRelErr);
    tolerance = Math.max(tolerance, c.tolerance.rel);
    if (!outcome.pass) failures.push(`${c.name}: ${outcome.failure}`);
  }
  const row = { ...where, maxAbsErr, maxRelErr, tolerance };
  return failures.length === 0
    ? { ...row, pass: true }
    : { ...row, pass: false, reason: failures.join('; ') };
}

/** Fetches every case from the harness's static server and runs it in every form its runner lists. */
export async function runGoldenInPage(
  backend: Backend,
  env: string,
  urls: readonly string[],
): Promise<TimedGoldenRow[]> {
  const rows: TimedGoldenRow[] = [];
  for (const url of urls) {
    const file = new URL(url, location.href).pathname;
    const response = await fetch(url);
    if (!response.ok) {
      rows.push({
        ...failed({ case: file, file, env }, `fetching the case failed: HTTP ${response.status}`),
        seconds: 0,
      });
      continue;
    }
    const golden = parseGoldenCase(file, await response.text());
    if (isLoadFailure(golden)) {
      rows.push({ ...failed({ case: file, file, env }, golden.reason), seconds: 0 });
      continue;
    }
    const runner = GOLDEN_RUNNERS.get(golden.format);
    if (!runner) {
      rows.push({
        ...failed({ case: golden.name, file, env }, `no runner for format '${golden.format}'`),
        seconds: 0,
      });
      continue;
    }
    for (const form of runner.forms(golden)) {
      const started = performance.now();
      const row = await runForm(backend, env, golden, form);
      rows.push({ ...row, seconds: (performance.now() - started) / 1000 });
    }
  }
  return rows;
}
