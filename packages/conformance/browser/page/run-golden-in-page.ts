import type { Backend } from '@constant-attention/core';
import { GOLDEN_RUNNERS } from '../../src/golden/cases/index.js';
import { failedRow } from '../../src/golden/failed-row.js';
import { isLoadFailure, parseGoldenCase } from '../../src/golden/load-golden.js';
import { precisionFor } from '../../src/golden/precision-for.js';
import { runGoldenForm } from '../../src/golden/run-golden-form.js';
import type { TimedGoldenRow } from '../protocol.js';

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
        ...failedRow({ case: file, file, env }, `fetching the case failed: HTTP ${response.status}`),
        seconds: 0,
      });
      continue;
    }
    const golden = parseGoldenCase(file, await response.text());
    if (isLoadFailure(golden)) {
      rows.push({ ...failedRow({ case: file, file, env }, golden.reason), seconds: 0 });
      continue;
    }
    const runner = GOLDEN_RUNNERS.get(golden.format);
    if (!runner) {
      rows.push({
        ...failedRow({ case: golden.name, file, env }, `no runner for format '${golden.format}'`),
        seconds: 0,
      });
      continue;
    }
    for (const form of runner.forms(golden)) {
      const started = performance.now();
      const precision = precisionFor(backend.name);
      const row = await runGoldenForm({ runner, golden, backend, precision, env, form });
      rows.push({ ...row, seconds: (performance.now() - started) / 1000 });
    }
  }
  return rows;
}
