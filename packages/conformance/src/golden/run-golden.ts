import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { type Backend, createBackend, type FormName, registeredBackends } from '@constant-attention/core';
import type { BackendPackageStatus } from '../backends/load-backend-packages.js';
import type { ConformanceEnv } from '../suite/all-envs.js';
import { GOLDEN_RUNNERS } from './cases/index.js';
import { errorMessage } from './error-message.js';
import { failedRow } from './failed-row.js';
import type { GoldenCase, GoldenCaseRunner, GoldenLoadFailure } from './golden-case.js';
import type { GoldenReport, GoldenRow } from './golden-report.js';
import { isLoadFailure, loadGoldenCases } from './load-golden.js';
import { naiveOracleCases } from './naive-oracle-runner.js';
import { precisionFor } from './precision-for.js';
import { runGoldenForm } from './run-golden-form.js';

export interface RunGoldenOptions {
  /** Case files or folders (searched recursively for *.json). */
  readonly paths: readonly string[];
  readonly envs: readonly ConformanceEnv[];
  /** True when the user named the envs: then an unregistered backend is a failure, not a skip. */
  readonly envsNamed: boolean;
  readonly runners?: ReadonlyMap<string, GoldenCaseRunner>;
  /** Result of importing the backend packages; a package that threw on import fails its envs. */
  readonly packages?: readonly BackendPackageStatus[];
  /** Also check every registered mechanism's forms against its `naive` oracle (naive-oracle-runner.ts). */
  readonly naiveOracles?: boolean;
}

/** Kept here too for callers that already import it from this module. */
export { precisionFor };

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
      loaded.push({ file: path, reason: `could not read: ${errorMessage(err)}` });
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
      rows.push(failedRow(envRow, `could not create backend: ${errorMessage(err)}`));
    }
  }
  return ready;
}

/** Runs every case on every env in every form its runner lists. Never throws for a bad case or backend. */
export async function runGolden(options: RunGoldenOptions): Promise<GoldenReport> {
  const runners = options.runners ?? GOLDEN_RUNNERS;
  const rows: GoldenRow[] = [];
  const skipped: { env: string; reason: string }[] = [];
  const cases = await loadAll(options.paths);
  const ready = await prepareEnvs(options, rows, skipped);
  // Files first, in order (a file that cannot run is a failed row in its place), then the naive rows.
  const jobs: ({ golden: GoldenCase; runner: GoldenCaseRunner } | GoldenRow)[] = [];
  for (const golden of cases) {
    if (isLoadFailure(golden)) {
      jobs.push(failedRow({ case: basename(golden.file), file: golden.file }, golden.reason));
      continue;
    }
    const runner = runners.get(golden.format);
    jobs.push(
      runner
        ? { golden, runner }
        : failedRow(
            { case: golden.name, file: golden.file },
            `no runner registered for format '${golden.format}'`,
          ),
    );
  }
  if (options.naiveOracles) jobs.push(...naiveOracleCases());
  try {
    for (const job of jobs) {
      if (!('runner' in job)) {
        rows.push(job);
        continue;
      }
      const { golden, runner } = job;
      let forms: readonly FormName[];
      try {
        forms = runner.forms(golden);
      } catch (err) {
        rows.push(
          failedRow({ case: golden.name, file: golden.file, mechanism: runner.mechanism }, errorMessage(err)),
        );
        continue;
      }
      for (const env of ready)
        for (const form of forms)
          rows.push(
            await runGoldenForm({
              runner,
              golden,
              backend: env.backend,
              precision: precisionFor(env.env.backend),
              env: env.env.label,
              form,
            }),
          );
    }
  } finally {
    for (const { backend } of ready) await backend.dispose().catch(() => undefined);
  }
  const passed = rows.filter((r) => r.pass).length;
  return { rows, skipped, passed, failed: rows.length - passed };
}
