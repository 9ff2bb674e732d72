import { availableParallelism } from 'node:os';
import type { Backend } from '@constant-attention/core';
import Tinypool from 'tinypool';
import { type RunEvents, runPending } from '../records/run-pending.js';
import type { SuiteReport } from '../report/write-report.js';
import { type MqarRunConfig, mqarPlan } from './mqar-plan.js';
import { mqarReport } from './mqar-report.js';
import { type MqarOutcome, runMqar } from './mqar-run.js';
import type { MqarTask } from './mqar-worker.js';

const toMqarConfig = (config: MqarRunConfig, seed: number): MqarTask => ({
  mechanism: config.mechanism,
  seq: config.seq,
  kvPairs: config.kv_pairs,
  dModel: config.d_model,
  lr: config.lr,
  vocab: config.vocab,
  layers: config.layers,
  batch: config.batch,
  steps: config.steps,
  heldOutSequences: config.held_out_sequences,
  heads: config.heads,
  positions: config.positions,
  initStd: config.init_std,
  seed,
});

/**
 * Intra-op threads for each of `jobs` parallel runs: the cores split between them, since ONNX Runtime's
 * spinning worker threads make oversubscription far worse than idle cores.
 */
export const threadsPerJob = (jobs: number, cores = availableParallelism()) =>
  Math.max(1, Math.floor(cores / jobs));

/** `jobs` runs at a time: above 1, each in a worker thread with its own backend of the same kind. */
export async function mqarSuite(
  backend: Backend,
  out: string,
  quick: boolean,
  events: RunEvents,
  mechanisms?: readonly string[],
  jobs = 1,
): Promise<SuiteReport> {
  const plan = mqarPlan({ quick, ...(mechanisms ? { mechanisms } : {}) });
  const pool =
    jobs > 1
      ? new Tinypool({
          filename: new URL('./mqar-worker.js', import.meta.url).href,
          minThreads: jobs,
          maxThreads: jobs,
          workerData: {
            backend: backend.name,
            device: backend.device,
            // Thread counts are the one backend option a parallel sweep must set (README: --jobs).
            ...(backend.name === 'ort' ? { options: { threads: threadsPerJob(jobs) } } : {}),
          },
        })
      : undefined;
  try {
    const file = await runPending(
      out,
      'mqar',
      quick,
      plan,
      async ({ config, seed }) => {
        const task = toMqarConfig(config, seed);
        return {
          backend: backend.name,
          device: backend.device,
          ...((await (pool ? pool.run(task) : runMqar(backend, task))) as MqarOutcome),
        };
      },
      events,
      jobs,
    );
    return mqarReport(file.records);
  } finally {
    await pool?.destroy();
  }
}
