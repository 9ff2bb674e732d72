import {
  type AnyMechanism,
  type Backend,
  type DeviceTensor,
  getMechanism,
  STATE_IN_PREFIX,
  STATE_OUT_PREFIX,
  type TensorLike,
} from '@constant-attention/core';
import { flagNonFlatDecode } from '../flags/contradictions.js';
import { FULL_BUDGET, QUICK_BUDGET, type TimingBudget, timeTask } from '../measure/time-task.js';
import { decodePlot } from '../plots/decode-plot.js';
import { decodeSummary, decodeTable } from '../report/decode-table.js';
import { startProgress } from '../report/progress.js';
import type { DecodeSample } from '../schema/bench-results.js';
import { BENCH_DIMS } from '../workload/attention-dims.js';
import { attentionInputs } from '../workload/attention-inputs.js';
import { contextState, stateGrows } from '../workload/context-state.js';
import { concreteStepGraph } from '../workload/step-graph.js';
import {
  FULL_DECODE_LENGTHS,
  FULL_PREFIX_CAP,
  QUICK_DECODE_LENGTHS,
  QUICK_PREFIX_CAP,
} from './decode-lengths.js';
import type { Suite } from './suite.js';

/**
 * Times one decode step at context n with the state resident on the backend.
 * Constant-size state: a real decode loop, each step's `present.*` DeviceTensors fed back as the next
 * `past.*` (context grows by one per step, which does not change the step's shape or cost).
 * Growing state (softmax KV cache): every step starts from the same resident cache of exactly n
 * tokens and its present cache (n + 1 rows) is disposed, so each sample is a step at context n.
 */
async function measureStep(
  backend: Backend,
  mechanism: AnyMechanism,
  n: number,
  budget: TimingBudget,
  prefixCap: number,
): Promise<Omit<DecodeSample, 'suite' | 'mechanism' | 'backend' | 'device' | 'cost'>> {
  const graph = concreteStepGraph(mechanism, n);
  const specs = mechanism.stateSpecs(BENCH_DIMS, mechanism.defaultOptions);
  const grows = stateGrows(specs);
  const keep = specs.map((s) => STATE_OUT_PREFIX + s.name);
  const exe = await backend.compile(graph, { name: `${mechanism.name}-step` });
  const context = await contextState(backend, mechanism, specs, n, prefixCap);
  const token = attentionInputs(1, 11);
  let current: Record<string, DeviceTensor> = context.state;
  const disposeAll = (state: Record<string, TensorLike>) => {
    for (const t of Object.values(state)) if ('dispose' in t) t.dispose();
  };
  try {
    const stats = await timeTask(
      `${mechanism.name}@${n}`,
      async () => {
        const feeds: Record<string, TensorLike> = { ...token };
        for (const spec of specs) feeds[STATE_IN_PREFIX + spec.name] = current[spec.name]!;
        const result = await exe.run(feeds, { keepOnDevice: keep });
        const next: Record<string, DeviceTensor> = {};
        for (const spec of specs) next[spec.name] = result[STATE_OUT_PREFIX + spec.name] as DeviceTensor;
        if (grows) {
          disposeAll(next);
        } else {
          if (current !== context.state) disposeAll(current);
          current = next;
        }
      },
      budget,
    );
    return { ...stats, n, state_bytes: context.stateBytes, prefix_tokens: context.prefixTokens };
  } finally {
    if (current !== context.state) disposeAll(current);
    disposeAll(context.state);
    await exe.dispose();
  }
}

export const decodeSuite: Suite = async ({ args, backends }) => {
  const lengths = args.lengths ?? (args.quick ? QUICK_DECODE_LENGTHS : FULL_DECODE_LENGTHS);
  const budget = args.quick ? QUICK_BUDGET : FULL_BUDGET;
  const prefixCap = args.quick ? QUICK_PREFIX_CAP : FULL_PREFIX_CAP;
  const progress = startProgress(backends.length * args.mechanisms.length * lengths.length, 'decode');
  const samples: DecodeSample[] = [];
  try {
    for (const backend of backends) {
      for (const name of args.mechanisms) {
        const mechanism = getMechanism(name);
        for (const n of lengths) {
          const label = `${backend.name}:${backend.device} ${name} n=${n}`;
          const measured = await progress.step(label, () =>
            measureStep(backend, mechanism, n, budget, prefixCap),
          );
          samples.push({
            suite: 'decode',
            mechanism: name,
            backend: backend.name,
            device: backend.device,
            cost: mechanism.cost,
            ...measured,
          });
        }
      }
    }
  } finally {
    progress.stop();
  }
  return {
    samples,
    contradictions: flagNonFlatDecode(samples),
    summary: decodeSummary(samples),
    markdown: decodeTable(samples),
    plots: {
      'decode-latency.svg': decodePlot(samples, 'median_ms'),
      'decode-state.svg': decodePlot(samples, 'state_bytes'),
    },
  };
};
