import type { Backend } from '@constant-attention/core';
import { type RunEvents, runPending } from '../records/run-pending.js';
import type { SuiteReport } from '../report/write-report.js';
import { mqarPlan } from './mqar-plan.js';
import { mqarReport } from './mqar-report.js';
import { runMqar } from './mqar-run.js';

export async function mqarSuite(
  backend: Backend,
  out: string,
  quick: boolean,
  events: RunEvents,
  mechanisms?: readonly string[],
): Promise<SuiteReport> {
  const plan = mqarPlan({ quick, ...(mechanisms ? { mechanisms } : {}) });
  const file = await runPending(
    out,
    'mqar',
    quick,
    plan,
    async ({ config, seed }) => ({
      backend: backend.name,
      device: backend.device,
      ...(await runMqar(backend, {
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
      })),
    }),
    events,
  );
  return mqarReport(file.records);
}
