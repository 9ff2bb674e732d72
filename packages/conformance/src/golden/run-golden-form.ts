import type { Backend, FormName } from '@constant-attention/core';
import { compareTensors } from './compare.js';
import { errorMessage } from './error-message.js';
import { failedRow } from './failed-row.js';
import type { GoldenCase, GoldenCaseRunner, Precision } from './golden-case.js';
import type { GoldenRow } from './golden-report.js';

export interface GoldenFormJob {
  readonly runner: GoldenCaseRunner;
  readonly golden: GoldenCase;
  readonly backend: Backend;
  readonly precision: Precision;
  /** 'backend:device' label for the row. */
  readonly env: string;
  readonly form: FormName;
}

/**
 * One case in one form on one backend, judged by the README tolerances. Shared by `pnpm golden` and the
 * browser page, so both apply the same rule; it touches no Node API. Never throws: a failure is a row.
 */
export async function runGoldenForm(job: GoldenFormJob): Promise<GoldenRow> {
  const { runner, golden } = job;
  const where = {
    case: golden.name,
    file: golden.file,
    mechanism: runner.mechanism,
    env: job.env,
    form: job.form,
  };
  let comparisons: Awaited<ReturnType<GoldenCaseRunner['run']>>;
  try {
    comparisons = await runner.run(job.backend, job.form, golden, job.precision);
  } catch (err) {
    return failedRow(where, errorMessage(err));
  }
  if (comparisons.length === 0) return failedRow(where, 'the runner compared nothing');
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
