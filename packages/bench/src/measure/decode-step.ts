import { type AnyMechanism, type Backend, buildStepGraph, type Executable } from '@constant-attention/core';
import type { DecodeSample } from '../schema/bench-results.js';
import { BENCH_DIMS } from '../workload/attention-dims.js';
import { contextState } from '../workload/context-state.js';
import { decodeArm } from './decode-arm.js';
import { type TimingBudget, timeTask } from './time-task.js';

/**
 * Times one decode step at context n with the state resident on the backend, in a tinybench window of
 * its own (the roofline suite's single-length measurement; decode interleaves its lengths instead,
 * see decode-interleaved.ts).
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
  const context = await contextState(backend, mechanism, specs, n, prefixCap);
  const arm = decodeArm(step, mechanism, context);
  try {
    const stats = await timeTask(`${mechanism.name}@${n}`, arm.step, budget);
    return { ...stats, n, state_bytes: context.stateBytes, prefix_tokens: context.prefixTokens };
  } finally {
    arm.dispose();
  }
}

/** One step graph serves every context length: softmax's cache length is the symbolic 'past' dim. */
export function compileStep(backend: Backend, mechanism: AnyMechanism): Promise<Executable> {
  return backend.compile(buildStepGraph(mechanism, BENCH_DIMS), { name: `${mechanism.name}-step` });
}
