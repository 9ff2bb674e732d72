import { mechanismNames } from '@constant-attention/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_ENVS, type BrowserEnv } from '../../browser/browser-envs.js';
import { BrowserSession, type EnvRun } from '../../browser/browser-session.js';
import { formatGoldenRows, formatRandomRows } from '../../browser/format-browser-report.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable } from '../../browser/launch-chromium.js';
import type { RandomCheckPlan } from '../../browser/protocol.js';
import { loadBackendPackages } from '../../src/backends/load-backend-packages.js';
import { defaultGoldenFolder } from '../../src/cli/repository-root.js';
import { matchesSelector, parseEnvSelectors } from '../../src/suite/all-envs.js';

// Node registers the mechanisms from core too, so the page's list is checked against an independent one.
await loadBackendPackages();

/** Two seeds of tiny shapes per mechanism: enough to catch a broken form, cheap on SwiftShader. */
const RANDOM_PLAN: RandomCheckPlan = { seeds: [1, 2], chunkSize: 3 };

/** CA_BROWSER_ENVS=ort:wasm,tfjs narrows the run (same syntax as CA_ENVS for the Node suite). */
function selectedEnvs(): readonly BrowserEnv[] {
  const filter = process.env.CA_BROWSER_ENVS;
  if (!filter) return BROWSER_ENVS;
  const selectors = parseEnvSelectors(filter);
  return BROWSER_ENVS.filter((e) => selectors.some((s) => matchesSelector(e, s)));
}

function failureSummary(run: EnvRun): string {
  const failed = [...run.result.golden, ...run.result.random].filter((r) => !r.pass);
  const lines = failed.slice(0, 25).map((r) => {
    const what = 'form' in r ? `golden ${r.case} ${r.form}` : `random ${r.mechanism} ${r.shape} ${r.check}`;
    return `  ${what}: ${r.reason}`;
  });
  if (failed.length > lines.length)
    lines.push(`  ... and ${failed.length - lines.length} more (see the tables above)`);
  return `${failed.length} row(s) failed on ${run.result.env}:\n${lines.join('\n')}`;
}

if (!chromiumAvailable()) {
  describe.skip(`browser conformance — SKIPPED: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CA_CHROMIUM)`, () => {
    it('runs where Debian chromium is installed', () => {});
  });
} else {
  describe(`browser conformance in headless Chromium (${CHROMIUM_ARGS.join(' ')})`, () => {
    let session: BrowserSession;
    const timings: string[] = [];
    const started = performance.now();

    beforeAll(async () => {
      session = await BrowserSession.start({ goldenFolder: defaultGoldenFolder(), random: RANDOM_PLAN });
      timings.push(`bundle ${session.bundleSeconds.toFixed(1)} s`);
    }, 120_000);

    afterAll(async () => {
      await session?.close();
      timings.push(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
      console.log(`browser conformance timings: ${timings.join(', ')}`);
    });

    for (const env of selectedEnvs()) {
      it(`${env.label}: every golden case in every form, and randomized form checks vs the float64 interpreter`, async () => {
        const run = await session.runEnv(env);
        const { result } = run;
        timings.push(
          `${env.label} ${run.wallSeconds.toFixed(1)} s (golden ${result.goldenSeconds.toFixed(1)}, random ${result.randomSeconds.toFixed(1)})`,
        );
        if (result.creationError !== undefined) {
          throw new Error(
            `${env.label} could not start in Chromium: ${result.creationError}\n${run.pageErrors.join('\n')}`,
          );
        }
        console.log(`\n${env.label}: golden cases\n${formatGoldenRows(result.golden)}`);
        console.log(`\n${env.label}: randomized form checks\n${formatRandomRows(result.random)}`);
        // Every case file produced rows, and every registered mechanism was checked in every seed.
        const casesRun = new Set(result.golden.map((r) => r.file));
        expect(casesRun.size).toBe(session.goldenUrls.length);
        expect(new Set(result.random.map((r) => r.mechanism))).toEqual(new Set(mechanismNames()));
        const failed = [...result.golden, ...result.random].filter((r) => !r.pass);
        if (failed.length > 0) throw new Error(failureSummary(run));
      }, 600_000);
    }

    it('fetched nothing outside 127.0.0.1 and asked the harness for no missing file', () => {
      expect(session.blockedRequests).toEqual([]);
      expect(session.serverMisses).toEqual([]);
    });
  });
}
