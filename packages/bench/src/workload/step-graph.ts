import {
  type AnyMechanism,
  type Graph,
  GraphBuilder,
  STATE_IN_PREFIX,
  STATE_OUT_PREFIX,
  type Value,
} from '@constant-attention/core';
import { BENCH_DIMS } from './attention-dims.js';

/**
 * core's buildStepGraph, with every symbolic state dim (softmax's 'past') bound to `past`. The IR
 * cannot concatenate a symbolic 'past' with one new row (Concat needs 'past + 1'), so the bench
 * compiles one step graph per context length; constant-size states have no symbolic dim, so for them
 * this is exactly buildStepGraph's graph.
 */
export function concreteStepGraph(mechanism: AnyMechanism, past: number): Graph {
  const options = mechanism.defaultOptions;
  const { batch, heads, dk, dv } = BENCH_DIMS;
  const b = new GraphBuilder();
  const q = b.input('q', 'float32', [batch, heads, 1, dk]);
  const k = b.input('k', 'float32', [batch, heads, 1, dk]);
  const v = b.input('v', 'float32', [batch, heads, 1, dv]);
  const state: Record<string, Value> = {};
  for (const spec of mechanism.stateSpecs(BENCH_DIMS, options)) {
    const shape = spec.shape.map((d) => (typeof d === 'string' ? past : d));
    state[spec.name] = b.input(STATE_IN_PREFIX + spec.name, spec.dtype, shape);
  }
  const result = mechanism.step(b, state, { q, k, v }, options);
  const outputs: Record<string, Value> = { out: result.out };
  for (const [name, value] of Object.entries(result.state)) outputs[STATE_OUT_PREFIX + name] = value;
  return b.build(outputs);
}
