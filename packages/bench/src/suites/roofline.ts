import { type Backend, type FormName, getMechanism } from '@constant-attention/core';
import { hasFlopCount, kernelCost, matmulCost } from '../costs/kernel-cost.js';
import { compileStep, measureDecodeStep } from '../measure/decode-step.js';
import { measureSequenceForm } from '../measure/form-run.js';
import { measureMatmul } from '../measure/matmul-throughput.js';
import { FULL_BUDGET, QUICK_BUDGET, type TimingBudget } from '../measure/time-task.js';
import { startProgress } from '../report/progress.js';
import { rooflineTable } from '../report/roofline-table.js';
import type { LatencyStats, RooflineSample } from '../schema/bench-results.js';
import { BENCH_CHUNK_SIZE, BENCH_DIMS } from '../workload/attention-dims.js';
import type { Suite } from './suite.js';

export const MATMUL_SIZE = 1024;
const FORMS: readonly FormName[] = ['recurrent', 'chunked', 'parallel'];
const QUICK_ROOFLINE_LENGTHS = [1024];
const FULL_ROOFLINE_LENGTHS = [4096];
const ROOFLINE_QUICK_BUDGET: TimingBudget = { ...QUICK_BUDGET, iterations: 3, warmupIterations: 1 };

const MATMUL_COST = { parallelTime: 'O(m n k)', stepTime: '-', stateSize: '-' };

function latencyOf(s: LatencyStats): LatencyStats {
  const { median_ms, p10_ms, p90_ms, min_ms, max_ms, samples } = s;
  return { median_ms, p10_ms, p90_ms, min_ms, max_ms, samples };
}

function rate(flops: number, stats: LatencyStats): number {
  return flops / (stats.median_ms * 1e6);
}

async function measureKernel(
  backend: Backend,
  name: string,
  form: FormName,
  n: number,
  budget: TimingBudget,
) {
  const mechanism = getMechanism(name);
  if (form === 'recurrent') {
    // A constant-size state from a real prefix of min(n, 1024) tokens, as decode --quick does.
    const step = await compileStep(backend, mechanism);
    try {
      return latencyOf(await measureDecodeStep(backend, step, mechanism, n, budget, 1024));
    } finally {
      await step.dispose();
    }
  }
  return latencyOf(await measureSequenceForm(backend, mechanism, form, n, budget));
}

export const rooflineSuite: Suite = async ({ args, backends }) => {
  const lengths = args.lengths ?? (args.quick ? QUICK_ROOFLINE_LENGTHS : FULL_ROOFLINE_LENGTHS);
  const budget = args.quick ? ROOFLINE_QUICK_BUDGET : FULL_BUDGET;
  // A rate needs a FLOP count; a mechanism whose cost.ts states none is named under the table instead.
  const counted = args.mechanisms.filter((name) => hasFlopCount(getMechanism(name)));
  const uncounted = args.mechanisms.filter((name) => !counted.includes(name));
  const total = backends.length * (1 + counted.length * lengths.length * FORMS.length);
  const progress = startProgress(total, 'roofline');
  const samples: RooflineSample[] = [];
  const summary: Record<string, unknown> = {};
  try {
    for (const backend of backends) {
      const where = { backend: backend.name, device: backend.device };
      const matmul = matmulCost(MATMUL_SIZE, MATMUL_SIZE, MATMUL_SIZE);
      const matmulStats = await progress.step(
        `${backend.name}:${backend.device} matmul ${MATMUL_SIZE}^2`,
        () => measureMatmul(backend, MATMUL_SIZE, budget),
      );
      const peak = rate(matmul.flops, matmulStats);
      summary[`${backend.name}:${backend.device}`] = { matmul_1024_gflops_per_s: peak };
      samples.push({
        suite: 'roofline',
        mechanism: `matmul-${MATMUL_SIZE}`,
        ...where,
        cost: MATMUL_COST,
        form: 'matmul',
        n: MATMUL_SIZE,
        ...matmulStats,
        ...matmul,
        gflops_per_s: peak,
        fraction_of_matmul: 1,
        arithmetic_intensity: matmul.flops / matmul.bytes,
      });
      for (const name of counted) {
        for (const n of lengths) {
          for (const form of FORMS) {
            const label = `${backend.name}:${backend.device} ${name} ${form} n=${n}`;
            const stats = await progress.step(label, () => measureKernel(backend, name, form, n, budget));
            const cost = kernelCost(getMechanism(name), form, {
              ...BENCH_DIMS,
              n,
              chunkSize: BENCH_CHUNK_SIZE,
            });
            const gflops = rate(cost.flops, stats);
            samples.push({
              suite: 'roofline',
              mechanism: name,
              ...where,
              cost: getMechanism(name).cost,
              form,
              n,
              ...stats,
              ...cost,
              gflops_per_s: gflops,
              fraction_of_matmul: gflops / peak,
              arithmetic_intensity: cost.flops / cost.bytes,
            });
          }
        }
      }
    }
  } finally {
    progress.stop();
  }
  const note =
    uncounted.length > 0
      ? `\nNot measured (their cost.ts states no FLOP count, cost.flopsPerHead): ${uncounted.join(', ')}.\n`
      : '';
  return {
    samples,
    contradictions: [],
    summary,
    markdown: rooflineTable(samples, MATMUL_SIZE) + note,
    plots: {},
  };
};
