import {
  type AnyMechanism,
  type Backend,
  buildStepGraph,
  type DeviceTensor,
  type Executable,
  STATE_IN_PREFIX,
  STATE_OUT_PREFIX,
  type TensorLike,
} from '@constant-attention/core';
import type { DecodeSample } from '../schema/bench-results.js';
import { BENCH_DIMS } from '../workload/attention-dims.js';
import { attentionInputs } from '../workload/attention-inputs.js';
import { contextState, stateGrows } from '../workload/context-state.js';
import { type TimingBudget, timeTask } from './time-task.js';

/**
 * Times one decode step at context n with the state resident on the backend.
 * Constant-size state: a real decode loop, each step's `present.*` DeviceTensors fed back as the next
 * `past.*` (context grows by one per step, which does not change the step's shape or cost).
 * Growing state (softmax KV cache): every step starts from the same resident cache of exactly n
 * tokens and its present cache (n + 1 rows) is disposed, so each sample is a step at context n.
 */
export async function measureDecodeStep(
  backend: Backend,
  step: Executable,
  mechanism: AnyMechanism,
  n: number,
  budget: TimingBudget,
  prefixCap: number,
): Promise<Omit<DecodeSample, 'suite' | 'mechanism' | 'backend' | 'device' | 'cost'>> {
  const specs = mechanism.stateSpecs(BENCH_DIMS, mechanism.defaultOptions);
  const grows = stateGrows(specs);
  const keep = specs.map((s) => STATE_OUT_PREFIX + s.name);
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
        const result = await step.run(feeds, { keepOnDevice: keep });
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
  }
}

/** One step graph serves every context length: softmax's cache length is the symbolic 'past' dim. */
export function compileStep(backend: Backend, mechanism: AnyMechanism): Promise<Executable> {
  return backend.compile(buildStepGraph(mechanism, BENCH_DIMS), { name: `${mechanism.name}-step` });
}
