import {
  type AnyMechanism,
  type Backend,
  buildChunkedGraph,
  type DeviceTensor,
  InvalidArgumentError,
  isDeviceTensor,
  STATE_OUT_PREFIX,
  type StateSpec,
} from '@constant-attention/core';
import { BENCH_CHUNK_SIZE, BENCH_DIMS } from './attention-dims.js';
import { attentionInputs } from './attention-inputs.js';

export interface ContextState {
  /** Resident on the backend, keyed by state name. The caller disposes them. */
  readonly state: Record<string, DeviceTensor>;
  /** How many real tokens produced the state's values. */
  readonly prefixTokens: number;
  readonly stateBytes: number;
}

/** A state grows with context when its shape keeps a symbolic dim once batch and heads are concrete. */
export function stateGrows(specs: readonly StateSpec[]): boolean {
  return specs.some((spec) => spec.shape.some((d) => typeof d === 'string'));
}

const BYTES_PER_ELEMENT = { float32: 4, int32: 4, bool: 1 } as const;

export function stateBytes(state: Readonly<Record<string, DeviceTensor>>): number {
  let total = 0;
  for (const t of Object.values(state)) {
    total += t.shape.reduce((a, b) => a * b, 1) * BYTES_PER_ELEMENT[t.dtype];
  }
  return total;
}

/** A growing state is a cache of the prefix's own keys and values: softmax's KV cache. */
const CACHE_SOURCES: Readonly<Record<string, 'k' | 'v'>> = { key: 'k', value: 'v' };

/**
 * The state after `n` tokens of context, resident on `backend`.
 * - Growing state (softmax): the KV cache IS the prefix's k and v, so n seeded tokens are uploaded as
 *   they are; nothing is approximated.
 * - Constant-size state: the chunked form runs over a real prefix of min(n, prefixCap) seeded tokens
 *   and its `present.*` outputs stay on the device. Its shape does not depend on n; with a cap below
 *   n the values come from a shorter real prefix (recorded as prefix_tokens in every sample).
 */
export async function contextState(
  backend: Backend,
  mechanism: AnyMechanism,
  specs: readonly StateSpec[],
  n: number,
  prefixCap: number,
): Promise<ContextState> {
  if (stateGrows(specs)) {
    const inputs = attentionInputs(n, 7);
    const state: Record<string, DeviceTensor> = {};
    for (const spec of specs) {
      const source = CACHE_SOURCES[spec.name];
      if (!source) {
        throw new InvalidArgumentError(
          `${mechanism.name}: growing state '${spec.name}' is not a key/value cache; the bench cannot build it`,
        );
      }
      state[spec.name] = await backend.upload(inputs[source]);
    }
    return { state, prefixTokens: n, stateBytes: stateBytes(state) };
  }
  const prefixTokens = Math.min(n, prefixCap);
  const graph = buildChunkedGraph(
    mechanism,
    { ...BENCH_DIMS, seqQ: prefixTokens },
    { chunkSize: BENCH_CHUNK_SIZE, withState: true },
  );
  const exe = await backend.compile(graph, { name: `${mechanism.name}-prefix-${prefixTokens}` });
  try {
    const keep = specs.map((s) => STATE_OUT_PREFIX + s.name);
    const result = await exe.run(attentionInputs(prefixTokens, 7), { keepOnDevice: keep });
    const state: Record<string, DeviceTensor> = {};
    for (const spec of specs) {
      const value = result[STATE_OUT_PREFIX + spec.name];
      if (!isDeviceTensor(value)) {
        throw new InvalidArgumentError(`${mechanism.name}: state '${spec.name}' did not stay on the device`);
      }
      state[spec.name] = value;
    }
    return { state, prefixTokens, stateBytes: stateBytes(state) };
  } finally {
    await exe.dispose();
  }
}
