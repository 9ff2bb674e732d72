import { join } from 'node:path';
import { InvalidArgumentError } from '@constant-attention/core';
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
 * so an interrupted suite resumes where it stopped and a finished suite reruns nothing. With
 * `concurrency` above 1, that many runs are in flight at once (each `run` call must then be
 * independent, e.g. in its own worker); the file is still written one record at a time, in the order
 * the runs finish, so a kill loses only the runs in flight.
 */
export async function runPending<Config extends Record<string, unknown>>(
  out: string,
  suite: string,
  quick: boolean,
  plan: readonly PlannedRun<Config>[],
  run: (planned: PlannedRun<Config>) => Promise<Record<string, unknown>>,
  events: RunEvents = {},
  concurrency = 1,
): Promise<ResultsFile> {
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new InvalidArgumentError(`runPending: concurrency must be a positive integer, got ${concurrency}`);
  const path = join(out, RESULTS_JSON);
  let file = await loadResults(path, suite, quick);
  const key = (p: PlannedRun<Config>) => recordKey({ task: p.task, seed: p.seed, ...p.config });
  const done = new Set(file.records.map((r) => r.key));
  const pending = plan.filter((p) => !done.has(key(p)));
  events.onPlan?.(plan.length, plan.length - pending.length);
  // Appends are chained so two runs finishing together never write the file at the same time.
  let writes: Promise<unknown> = Promise.resolve();
  const runOne = async (planned: PlannedRun<Config>) => {
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
    const written = writes.then(async () => {
      file = await appendRecord(path, file, record);
      events.onRecord?.(record);
    });
    writes = written;
    await written;
  };
  const queue = [...pending];
  // The first failure stops the lanes from taking new runs; runs already in flight still finish and are kept.
  let failed = false;
  const lane = async () => {
    for (let next = queue.shift(); next && !failed; next = queue.shift()) {
      try {
        await runOne(next);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  const lanes = await Promise.allSettled(Array.from({ length: Math.min(concurrency, queue.length) }, lane));
  await writes;
  const failure = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
  if (failure) throw failure.reason;
  return file;
}
