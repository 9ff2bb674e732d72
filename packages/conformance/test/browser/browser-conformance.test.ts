import { mechanismNames } from '@constant-attention/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_ENVS, type BrowserEnv } from '../../browser/browser-envs.js';
import { BrowserSession, type EnvRun } from '../../browser/browser-session.js';
import { formatGoldenRows, formatRandomRows } from '../../browser/format-browser-report.js';
import { knownFailureFor } from '../../browser/known-failures.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable } from '../../browser/launch-chromium.js';
import type { RandomCheckPlan } from '../../browser/protocol.js';
import { type Outcome, runPool } from '../../browser/run-pool.js';
import { loadBackendPackages } from '../../src/backends/load-backend-packages.js';
import { defaultGoldenFolder } from '../../src/cli/repository-root.js';
import { matchesSelector, parseEnvSelectors } from '../../src/suite/all-envs.js';

// Node registers the mechanisms from core too, so the page's list is checked against an independent one.
await loadBackendPackages();

/** One tiny shape per mechanism (b, h > 1, n not a multiple of C): catches a broken form, cheap on SwiftShader. */
const RANDOM_PLAN: RandomCheckPlan = {
  seed: 7,
  shape: { batch: 2, heads: 2, seqQ: 7, seqK: 7, dk: 3, dv: 2 },
  chunkSize: 3,
  // Three chunks of 100 padded to blocks of 128, the last one short; heinsen's groups of 128 tokens.
  long: { shape: { batch: 1, heads: 2, seqQ: 230, seqK: 230, dk: 4, dv: 3 }, chunkSize: 100 },
};

/** Two pages at once: one CPU-bound (wasm) env overlaps a SwiftShader one; more would only contend on 2 cores. */
const CONCURRENT_PAGES = 2;

/** Slowest first, so the long SwiftShader envs do not start last. */
const RUN_ORDER = ['ort:webgpu', 'tfjs:webgl', 'ort:wasm', 'tfjs:webgpu', 'tfjs:wasm'];

/** CA_BROWSER_ENVS=ort:wasm,tfjs narrows the run (same syntax as CA_ENVS for the Node suite). */
function selectedEnvs(): readonly BrowserEnv[] {
  const filter = process.env.CA_BROWSER_ENVS;
  if (!filter) return BROWSER_ENVS;
  const selectors = parseEnvSelectors(filter);
  return BROWSER_ENVS.filter((e) => selectors.some((s) => matchesSelector(e, s)));
}

function rank(env: BrowserEnv): number {
  const at = RUN_ORDER.indexOf(env.label);
  return at === -1 ? RUN_ORDER.length : at;
}

function failureSummary(run: EnvRun): string {
  const failed = [...run.result.golden, ...run.result.random].filter((r) => !r.pass && !knownFailureFor(r));
  const lines = failed.slice(0, 25).map((r) => {
    const what = 'form' in r ? `golden ${r.case} ${r.form}` : `random ${r.mechanism} ${r.shape} ${r.check}`;
    return `  ${what}: ${r.reason}`;
  });
  if (failed.length > lines.length)
    lines.push(`  ... and ${failed.length - lines.length} more (see the tables above)`);
  return `${failed.length} row(s) failed on ${run.result.env}:\n${lines.join('\n')}`;
}

if (!chromiumAvailable()) {
  // A skipped file's titles are not printed by the default reporter; say why on stderr as well.
  console.warn(`browser conformance SKIPPED: no Chromium at ${CHROMIUM_PATH}`);
  describe.skip(`browser conformance — SKIPPED: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CA_CHROMIUM)`, () => {
    it('runs where Debian chromium is installed', () => {});
  });
} else {
  describe(`browser conformance in headless Chromium (${CHROMIUM_ARGS.join(' ')})`, () => {
    let session: BrowserSession;
    const timings: string[] = [];
    const started = performance.now();
    const envs = [...selectedEnvs()].sort((a, b) => rank(a) - rank(b));
    let runs: Promise<Outcome<EnvRun>>[] = [];

    beforeAll(async () => {
      session = await BrowserSession.start({ goldenFolder: defaultGoldenFolder(), random: RANDOM_PLAN });
      timings.push(`bundle ${session.bundleSeconds.toFixed(1)} s`);
      runs = runPool(envs, CONCURRENT_PAGES, (env) => session.runEnv(env));
    }, 120_000);

    afterAll(async () => {
      await session?.close();
      timings.push(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
      console.log(`browser conformance timings: ${timings.join(', ')}`);
    });

    envs.forEach((env, index) => {
      it(`${env.label}: every golden case in every form, and randomized form checks vs the float64 interpreter`, async () => {
        const outcome = await runs[index]!;
        if (!outcome.ok) throw outcome.error;
        const run = outcome.value;
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
        // Every case file produced rows, and every mechanism registered in Node was checked in the page.
        const casesRun = new Set(result.golden.map((r) => r.file));
        expect(casesRun.size).toBe(session.goldenUrls.length);
        expect(new Set(result.random.map((r) => r.mechanism))).toEqual(new Set(mechanismNames()));
        const rows = [...result.golden, ...result.random];
        const expected = rows.filter((r) => !r.pass && knownFailureFor(r));
        const fixed = rows.filter((r) => r.pass && knownFailureFor(r));
        if (expected.length > 0) {
          const reasons = [...new Set(expected.map((r) => knownFailureFor(r)!.reason))];
          console.warn(
            `${env.label}: ${expected.length} XFAIL row(s), known GPU-runtime bugs:\n  ${reasons.join('\n  ')}`,
          );
        }
        if (fixed.length > 0) {
          console.warn(
            `${env.label}: ${fixed.length} XPASS row(s): listed in known-failures.ts but now passing; remove them`,
          );
        }
        if (rows.some((r) => !r.pass && !knownFailureFor(r))) throw new Error(failureSummary(run));
      }, 900_000);
    });

    it('fetched nothing outside 127.0.0.1 and asked the harness for no missing file', () => {
      expect(session.blockedRequests).toEqual([]);
      expect(session.serverMisses).toEqual([]);
    });
  });
}
