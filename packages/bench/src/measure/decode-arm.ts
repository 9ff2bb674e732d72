import {
  type AnyMechanism,
  type DeviceTensor,
  type Executable,
  STATE_IN_PREFIX,
  STATE_OUT_PREFIX,
  type TensorLike,
} from '@constant-attention/core';
import { BENCH_DIMS } from '../workload/attention-dims.js';
import { attentionInputs } from '../workload/attention-inputs.js';
import { type ContextState, stateGrows } from '../workload/context-state.js';

export interface DecodeArm {
  /** Runs one decode step at the arm's context. */
  readonly step: () => Promise<void>;
  /** Disposes the resident state this arm holds, the context's included. */
  readonly dispose: () => void;
}

const disposeAll = (state: Record<string, TensorLike>) => {
  for (const t of Object.values(state)) if ('dispose' in t) t.dispose();
};

/**
 * One decode step at the context of `context`, which the arm takes ownership of.
 * Constant-size state: a real decode loop, each step's `present.*` DeviceTensors fed back as the next
 * `past.*` (context grows by one per step, which does not change the step's shape or cost).
 * Growing state (softmax KV cache): every step starts from the same resident cache of exactly n
 * tokens and its present cache (n + 1 rows) is disposed, so each sample is a step at context n.
 */
export function decodeArm(step: Executable, mechanism: AnyMechanism, context: ContextState): DecodeArm {
  const specs = mechanism.stateSpecs(BENCH_DIMS, mechanism.defaultOptions);
  const grows = stateGrows(specs);
  const keep = specs.map((s) => STATE_OUT_PREFIX + s.name);
  const token = attentionInputs(1, 11);
  let current: Record<string, DeviceTensor> = context.state;
  return {
    async step() {
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
    dispose() {
      if (current !== context.state) disposeAll(current);
      disposeAll(context.state);
    },
  };
}
