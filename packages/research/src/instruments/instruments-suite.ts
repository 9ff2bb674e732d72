import { mechanismNames } from '@constant-attention/core';
import { type PlannedRun, type RunEvents, runPending } from '../records/run-pending.js';
import type { SuiteReport } from '../report/write-report.js';
import { instrumentsReport } from './instruments-report.js';
import { type InstrumentsConfig, runInstruments } from './instruments-run.js';

export const INSTRUMENTS_SEED = 1;

export function instrumentsPlan(
  quick: boolean,
  mechanisms?: readonly string[],
): PlannedRun<InstrumentsConfig & Record<string, unknown>>[] {
  const stds = quick ? [0.5, 1, 2] : [0.25, 0.5, 1, 1.5, 2, 3];
  const plan: PlannedRun<InstrumentsConfig & Record<string, unknown>>[] = [];
  for (const qk_std of stds)
    for (const mechanism of mechanisms ?? mechanismNames())
      plan.push({
        task: 'instruments',
        seed: INSTRUMENTS_SEED,
        label: `${mechanism} std ${qk_std}`,
        config: { mechanism, qk_std, n: quick ? 32 : 64, d: 16, draws: quick ? 2 : 8 },
      });
  return plan;
}

/** Random q and k at several scales; a mechanism whose matrix cannot be probed is recorded with why. */
export async function instrumentsSuite(out: string, quick: boolean, events: RunEvents): Promise<SuiteReport> {
  const file = await runPending(
    out,
    'instruments',
    quick,
    instrumentsPlan(quick),
    async ({ config, seed }) => {
      try {
        return runInstruments(config, seed);
      } catch (err) {
        return { error: (err as Error).message.split('\n')[0] };
      }
    },
    events,
  );
  return instrumentsReport(file.records);
}
