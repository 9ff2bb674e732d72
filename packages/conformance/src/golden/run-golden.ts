import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { type Backend, createBackend, registeredBackends } from '@constant-attention/core';
import type { BackendPackageStatus } from '../backends/load-backend-packages.js';
import type { ConformanceEnv } from '../suite/all-envs.js';
import { GOLDEN_RUNNERS } from './cases/index.js';
import { compareTensors } from './compare.js';
import type { GoldenCase, GoldenCaseRunner, GoldenLoadFailure, Precision } from './golden-case.js';
import type { GoldenReport, GoldenRow } from './golden-report.js';
import { isLoadFailure, loadGoldenCases } from './load-golden.js';

export interface RunGoldenOptions {
  /** Case files or folders (searched recursively for *.json). */
  readonly paths: readonly string[];
  readonly envs: readonly ConformanceEnv[];
  /** True when the user named the envs: then an unregistered backend is a failure, not a skip. */
  readonly envsNamed: boolean;
  readonly runners?: ReadonlyMap<string, GoldenCaseRunner>;
  /** Result of importing the backend packages; a package that threw on import fails its envs. */
  readonly packages?: readonly BackendPackageStatus[];
}

/** The float64 interpreter is held to float64 tolerances; every runtime backend computes in float32. */
export function precisionFor(backend: string): Precision {
  return backend === 'reference' ? 'float64' : 'float32';
}

function messageOf(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

function failedRow(
  partial: Pick<GoldenRow, 'case' | 'file'> & Partial<GoldenRow>,
  reason: string,
): GoldenRow {
  return {
    mechanism: '-',
    env: '-',
    form: '-',
    maxAbsErr: Number.NaN,
    maxRelErr: Number.NaN,
    tolerance: Number.NaN,
    ...partial,
    pass: false,
    reason,
  };
}

async function loadAll(paths: readonly string[]): Promise<(GoldenCase | GoldenLoadFailure)[]> {
  const loaded: (GoldenCase | GoldenLoadFailure)[] = [];
  for (const path of paths) {
    try {
      await stat(path);
    } catch {
      loaded.push({ file: path, reason: 'no such file or folder' });
      continue;
    }
    try {
      loaded.push(...(await loadGoldenCases([path])));
    } catch (err) {
      loaded.push({ file: path, reason: `could not read: ${messageOf(err)}` });
    }
  }
  return loaded;
}

interface ReadyEnv {
  readonly env: ConformanceEnv;
  readonly backend: Backend;
}

async function prepareEnvs(
  options: RunGoldenOptions,
  rows: GoldenRow[],
  skipped: { env: string; reason: string }[],
): Promise<ReadyEnv[]> {
  const ready: ReadyEnv[] = [];
  for (const env of options.envs) {
    const envRow = { case: '(backend)', file: '-', env: env.label };
    if (!registeredBackends().some((r) => r.name === env.backend)) {
      const pkg = options.packages?.find((p) => p.backend === env.backend);
      const why = pkg && pkg.state !== 'loaded' ? pkg.reason : `backend '${env.backend}' is not registered`;
      if (pkg?.state === 'broken' || options.envsNamed) rows.push(failedRow(envRow, why));
      else skipped.push({ env: env.label, reason: why });
      continue;
    }
    try {
      ready.push({ env, backend: await createBackend({ backend: env.backend, device: env.device }) });
    } catch (err) {
      rows.push(failedRow(envRow, `could not create backend: ${messageOf(err)}`));
    }
  }
  return ready;
}

async function runForm(
  runner: GoldenCaseRunner,
  golden: GoldenCase,
  ready: ReadyEnv,
  form: string,
): Promise<GoldenRow> {
  const where = {
    case: golden.name,
    file: golden.file,
    mechanism: runner.mechanism,
    env: ready.env.label,
    form,
  };
  let comparisons: Awaited<ReturnType<GoldenCaseRunner['run']>>;
  try {
    comparisons = await runner.run(
      ready.backend,
      form as Parameters<GoldenCaseRunner['run']>[1],
      golden,
      precisionFor(ready.env.backend),
    );
  } catch (err) {
    return failedRow(where, messageOf(err));
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

/** Runs every case on every env in every form its runner lists. Never throws for a bad case or backend. */
export async function runGolden(options: RunGoldenOptions): Promise<GoldenReport> {
  const runners = options.runners ?? GOLDEN_RUNNERS;
  const rows: GoldenRow[] = [];
  const skipped: { env: string; reason: string }[] = [];
  const cases = await loadAll(options.paths);
  const ready = await prepareEnvs(options, rows, skipped);
  try {
    for (const golden of cases) {
      if (isLoadFailure(golden)) {
        rows.push(failedRow({ case: basename(golden.file), file: golden.file }, golden.reason));
        continue;
      }
      const runner = runners.get(golden.format);
      if (!runner) {
        rows.push(
          failedRow(
            { case: golden.name, file: golden.file },
            `no runner registered for format '${golden.format}'`,
          ),
        );
        continue;
      }
      let forms: readonly string[];
      try {
        forms = runner.forms(golden);
      } catch (err) {
        rows.push(
          failedRow({ case: golden.name, file: golden.file, mechanism: runner.mechanism }, messageOf(err)),
        );
        continue;
      }
      for (const env of ready) for (const form of forms) rows.push(await runForm(runner, golden, env, form));
    }
  } finally {
    for (const { backend } of ready) await backend.dispose().catch(() => undefined);
  }
  const passed = rows.filter((r) => r.pass).length;
  return { rows, skipped, passed, failed: rows.length - passed };
}
