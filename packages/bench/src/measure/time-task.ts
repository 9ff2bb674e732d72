import { Bench } from 'tinybench';
import type { LatencyStats } from '../schema/bench-results.js';
import { percentile } from './percentile.js';

export interface TimingBudget {
  /** Minimum timed iterations. */
  readonly iterations: number;
  /** Timed budget in ms; tinybench keeps going until both this and `iterations` are met. */
  readonly timeMs: number;
  readonly warmupIterations: number;
  readonly warmupMs: number;
}

/**
 * Time-bound rather than count-bound: a sub-millisecond step gets hundreds of samples in 400 ms, so a
 * few samples stretched by the scheduler (on a busy 2-core machine, by 50-100 ms) cannot move the
 * median; a multi-second softmax step at 65536 stops after 4.
 */
export const QUICK_BUDGET: TimingBudget = { iterations: 4, timeMs: 400, warmupIterations: 1, warmupMs: 50 };
export const FULL_BUDGET: TimingBudget = { iterations: 32, timeMs: 1000, warmupIterations: 8, warmupMs: 250 };

/** Times `fn` with tinybench (warm-up first) and summarizes the retained latency samples. */
export async function timeTask(
  name: string,
  fn: () => Promise<unknown>,
  budget: TimingBudget,
): Promise<LatencyStats> {
  const bench = new Bench({
    iterations: budget.iterations,
    time: budget.timeMs,
    warmupIterations: budget.warmupIterations,
    warmupTime: budget.warmupMs,
    retainSamples: true,
    throws: true,
  });
  bench.add(name, fn, { async: true });
  const [task] = await bench.run();
  const result = task!.result;
  if (result.state !== 'completed') {
    throw new Error(`benchmark '${name}' did not complete (state ${result.state})`);
  }
  const sorted = [...(result.latency.samples ?? [])].sort((a, b) => a - b);
  return {
    median_ms: result.latency.p50,
    p10_ms: percentile(sorted, 0.1),
    p90_ms: percentile(sorted, 0.9),
    min_ms: result.latency.min,
    max_ms: result.latency.max,
    samples: result.latency.samplesCount,
  };
}
