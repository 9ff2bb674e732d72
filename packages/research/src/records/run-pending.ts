import { join } from 'node:path';
import {
  appendRecord,
  loadResults,
  type ResearchRecord,
  type ResultsFile,
  recordKey,
} from './results-file.js';

export const RESULTS_JSON = 'results.json';

/** One run a suite plans: its config (the record's identity) and a label for the progress bar. */
export interface PlannedRun<Config extends Record<string, unknown>> {
  readonly task: string;
  readonly config: Config;
  readonly seed: number;
  readonly label: string;
}

export interface RunEvents {
  readonly onPlan?: (total: number, done: number) => void;
  readonly onStart?: (label: string) => void;
  readonly onRecord?: (record: ResearchRecord) => void;
}

/**
 * Runs every planned run whose key is not in `out/results.json` yet, writing the file after each one,
 * so an interrupted suite resumes where it stopped and a finished suite reruns nothing.
 */
export async function runPending<Config extends Record<string, unknown>>(
  out: string,
  suite: string,
  quick: boolean,
  plan: readonly PlannedRun<Config>[],
  run: (planned: PlannedRun<Config>) => Promise<Record<string, unknown>>,
  events: RunEvents = {},
): Promise<ResultsFile> {
  const path = join(out, RESULTS_JSON);
  let file = await loadResults(path, suite, quick);
  const key = (p: PlannedRun<Config>) => recordKey({ task: p.task, seed: p.seed, ...p.config });
  const done = new Set(file.records.map((r) => r.key));
  const pending = plan.filter((p) => !done.has(key(p)));
  events.onPlan?.(plan.length, plan.length - pending.length);
  for (const planned of pending) {
    events.onStart?.(planned.label);
    const started = performance.now();
    const metrics = await run(planned);
    const record: ResearchRecord = {
      task: planned.task,
      key: key(planned),
      ...planned.config,
      seed: planned.seed,
      ...metrics,
      wall_s: (performance.now() - started) / 1000,
    };
    file = await appendRecord(path, file, record);
    events.onRecord?.(record);
  }
  return file;
}
