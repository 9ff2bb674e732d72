import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { baselineMechanism, mechanismNames } from '@constant-attention/core';
import { parseCheckpointConfig } from '@constant-attention/model';
import { CONFIG_FILE } from '@constant-attention/model/node';
import { type PlannedRun, type RunEvents, runPending } from '../records/run-pending.js';
import type { SuiteReport } from '../report/write-report.js';
import { INSTRUMENTS_SEED } from './instruments-suite.js';
import { trainedInstrumentsReport } from './trained-instruments-report.js';
import { measureOnSoftmaxQk, measureTrainedRun, trainedLmRuns } from './trained-instruments-run.js';

/** Its own results file's suite: trained-model records never mix with the random q, k suite's. */
export const TRAINED_INSTRUMENTS_SUITE = 'instruments-trained';
export const TRAINED_TASK = 'instruments-trained';
export const ON_SOFTMAX_QK_TASK = 'instruments-on-softmax-qk';

/** The lm run folder whose gpt runs the registry's baseline (softmax), if the lm suite trained one. */
async function baselineRun(lmDir: string, folders: readonly string[]): Promise<string | undefined> {
  const baseline = baselineMechanism()?.name;
  for (const folder of folders) {
    const path = join(lmDir, 'runs', folder, CONFIG_FILE);
    const { model } = parseCheckpointConfig(await readFile(path, 'utf8'), path);
    if (model.preset === 'gpt' && model.config.mechanism === baseline) return folder;
  }
  return undefined;
}

/**
 * Instruments on the lm suite's trained models (`pnpm research instruments --from-lm LM_DIR`): each
 * run's own causal attention matrices on held-out text, then every registered mechanism on the trained
 * softmax model's q and k. Quick reads one held-out window of the training length, full reads four.
 */
export async function trainedInstrumentsSuite(
  lmDir: string,
  out: string,
  quick: boolean,
  events: RunEvents,
): Promise<SuiteReport> {
  const windows = quick ? 1 : 4;
  const folders = await trainedLmRuns(lmDir);
  const softmax = await baselineRun(lmDir, folders);
  type Config = Record<string, unknown>;
  const plan: PlannedRun<Config>[] = folders.map((run) => ({
    task: TRAINED_TASK,
    seed: INSTRUMENTS_SEED,
    label: run,
    config: { run, windows },
  }));
  if (softmax)
    for (const mechanism of mechanismNames())
      plan.push({
        task: ON_SOFTMAX_QK_TASK,
        seed: INSTRUMENTS_SEED,
        label: `${mechanism} on ${softmax}'s q, k`,
        config: { mechanism, qk_from: softmax, windows },
      });
  const file = await runPending(
    out,
    TRAINED_INSTRUMENTS_SUITE,
    quick,
    plan,
    ({ task, config }) =>
      task === TRAINED_TASK
        ? measureTrainedRun(lmDir, String(config.run), windows)
        : measureOnSoftmaxQk(lmDir, String(config.qk_from), String(config.mechanism), windows),
    events,
  );
  return trainedInstrumentsReport(file.records, softmax);
}
