import { getMechanism } from '@constant-attention/core';
import { flagSuperLinearPrefill } from '../flags/contradictions.js';
import { measureSequenceForm, type SequenceForm } from '../measure/form-run.js';
import type { TimingBudget } from '../measure/time-task.js';
import { prefillPlot } from '../plots/prefill-plot.js';
import { prefillSummary, prefillTable } from '../report/prefill-table.js';
import { startProgress } from '../report/progress.js';
import type { PrefillSample } from '../schema/bench-results.js';
import { BENCH_CHUNK_SIZE, BENCH_DIMS } from '../workload/attention-dims.js';
import type { Suite } from './suite.js';

export const FULL_PREFILL_LENGTHS = [256, 512, 1024, 2048, 4096, 8192];
export const QUICK_PREFILL_LENGTHS = [256, 1024, 2048];
const QUICK_PREFILL_BUDGET: TimingBudget = { iterations: 2, timeMs: 0, warmupIterations: 0, warmupMs: 0 };
const FULL_PREFILL_BUDGET: TimingBudget = { iterations: 5, timeMs: 500, warmupIterations: 1, warmupMs: 0 };
/** Parallel forms hold an n x n score matrix per head; above this they are skipped, not swapped to death. */
const MAX_SCORE_BYTES = 4 * 2 ** 30;

const FORMS: readonly SequenceForm[] = ['parallel', 'chunked'];

export const prefillSuite: Suite = async ({ args, backends }) => {
  const lengths = args.lengths ?? (args.quick ? QUICK_PREFILL_LENGTHS : FULL_PREFILL_LENGTHS);
  const budget = args.quick ? QUICK_PREFILL_BUDGET : FULL_PREFILL_BUDGET;
  const progress = startProgress(
    backends.length * args.mechanisms.length * lengths.length * FORMS.length,
    'prefill',
  );
  const samples: PrefillSample[] = [];
  const skipped: string[] = [];
  try {
    for (const backend of backends) {
      for (const name of args.mechanisms) {
        const mechanism = getMechanism(name);
        for (const form of FORMS) {
          for (const n of lengths) {
            const label = `${backend.name}:${backend.device} ${name} ${form} n=${n}`;
            if (form === 'parallel' && n * n * BENCH_DIMS.heads * 4 > MAX_SCORE_BYTES) {
              skipped.push(label);
              await progress.step(label, async () => undefined);
              continue;
            }
            const measured = await progress.step(label, () =>
              measureSequenceForm(backend, mechanism, form, n, budget),
            );
            samples.push({
              suite: 'prefill',
              mechanism: name,
              backend: backend.name,
              device: backend.device,
              cost: mechanism.cost,
              form,
              n,
              ...(form === 'chunked' ? { chunk_size: BENCH_CHUNK_SIZE } : {}),
              ...measured,
            });
          }
        }
      }
    }
  } finally {
    progress.stop();
  }
  return {
    samples,
    contradictions: flagSuperLinearPrefill(samples),
    summary: { ...prefillSummary(samples), skipped_for_memory: skipped },
    markdown: prefillTable(samples),
    plots: {
      'prefill-time.svg': prefillPlot(samples, 'median_ms'),
      'prefill-memory.svg': prefillPlot(samples, 'peak_rss_delta_bytes'),
    },
  };
};
