import type { Backend } from '../backend/backend.js';
import { emptyInputError } from '../backend/validate-feeds.js';
import { InvalidArgumentError } from '../errors.js';
import type { TensorLike } from '../tensor/device-tensor.js';
import { Tensor } from '../tensor/tensor.js';
import {
  buildChunkedGraph,
  buildParallelGraph,
  buildStepGraph,
  STATE_IN_PREFIX,
  STATE_OUT_PREFIX,
} from './form-graphs.js';
import type { AnyMechanism } from './mechanism.js';

export interface HostAttentionInputs {
  readonly q: Tensor;
  readonly k: Tensor;
  readonly v: Tensor;
  readonly gate?: Tensor;
}

export interface FormRun {
  readonly out: Tensor;
  /** State after the last token (causal forms). */
  readonly state?: Record<string, Tensor>;
}

function dimsOf(inputs: HostAttentionInputs) {
  for (const [name, t] of Object.entries(inputs))
    if (t?.shape.includes(0)) throw emptyInputError(`attention input '${name}'`, t.shape);
  const [batch, heads, seqQ, dk] = inputs.q.shape;
  const [, , seqK] = inputs.k.shape;
  const dv = inputs.v.shape[3];
  if (inputs.q.rank !== 4 || inputs.k.rank !== 4 || inputs.v.rank !== 4) {
    throw new InvalidArgumentError(
      `attention inputs must be [batch, heads, seq, dim]; got q [${inputs.q.shape}], k [${inputs.k.shape}], v [${inputs.v.shape}]`,
    );
  }
  return { batch: batch!, heads: heads!, seqQ: seqQ!, seqK: seqK!, dk: dk!, dv: dv! };
}

function feedsOf(inputs: HostAttentionInputs): Record<string, Tensor> {
  const feeds: Record<string, Tensor> = { q: inputs.q, k: inputs.k, v: inputs.v };
  if (inputs.gate) feeds.gate = inputs.gate;
  return feeds;
}

function collectState(outputs: Record<string, Tensor>): Record<string, Tensor> {
  const state: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(outputs))
    if (name.startsWith(STATE_OUT_PREFIX)) state[name.slice(STATE_OUT_PREFIX.length)] = t;
  return state;
}

async function runOnce(
  backend: Backend,
  graph: ReturnType<typeof buildParallelGraph>,
  feeds: Record<string, Tensor>,
) {
  const exe = await backend.compile(graph);
  try {
    return await exe.run(feeds);
  } finally {
    await exe.dispose();
  }
}

/** The attention inputs, and the state earlier tokens left as `past.<name>` when continuing from one. */
function formFeeds(
  inputs: HostAttentionInputs,
  initialState?: Record<string, Tensor>,
): Record<string, Tensor> {
  const feeds = feedsOf(inputs);
  for (const [name, t] of Object.entries(initialState ?? {})) feeds[STATE_IN_PREFIX + name] = t;
  return feeds;
}

/** Causal runs may continue from `initialState`, the state after earlier tokens (as fla's initial_state). */
export async function runParallel<O extends object>(
  backend: Backend,
  mechanism: AnyMechanism,
  inputs: HostAttentionInputs,
  options: O & { readonly causal: boolean },
  initialState?: Record<string, Tensor>,
): Promise<FormRun> {
  const graph = buildParallelGraph(mechanism, dimsOf(inputs), {
    ...options,
    withState: options.causal,
    fromState: initialState !== undefined,
  });
  const out = await runOnce(backend, graph, formFeeds(inputs, initialState));
  return { out: out.out!, state: options.causal ? collectState(out) : undefined };
}

export async function runChunked<O extends object>(
  backend: Backend,
  mechanism: AnyMechanism,
  inputs: HostAttentionInputs,
  options: O & { readonly chunkSize: number },
  initialState?: Record<string, Tensor>,
): Promise<FormRun> {
  const graph = buildChunkedGraph(mechanism, dimsOf(inputs), {
    ...options,
    withState: true,
    fromState: initialState !== undefined,
  });
  const out = await runOnce(backend, graph, formFeeds(inputs, initialState));
  return { out: out.out!, state: collectState(out) };
}

/** Slices token t of a [b, h, n, d] tensor as [b, h, 1, d]. */
export function tokenAt(t: Tensor, index: number): Tensor {
  const [b, h, n, d] = t.shape as [number, number, number, number];
  const Ctor = t.data.constructor as new (n: number) => Float64Array | Float32Array;
  const data = new Ctor(b * h * d);
  for (let bh = 0; bh < b * h; bh++) {
    for (let i = 0; i < d; i++) data[bh * d + i] = t.data[(bh * n + index) * d + i]!;
  }
  return new Tensor(t.dtype, [b, h, 1, d], data);
}

/** Concatenates [b, h, 1, d] tokens along the sequence axis. */
export function stackTokens(tokens: readonly Tensor[]): Tensor {
  const [b, h, , d] = tokens[0]!.shape as [number, number, number, number];
  const n = tokens.length;
  const Ctor = tokens[0]!.data.constructor as new (n: number) => Float64Array | Float32Array;
  const data = new Ctor(b * h * n * d);
  tokens.forEach((tok, t) => {
    for (let bh = 0; bh < b * h; bh++) {
      for (let i = 0; i < d; i++) data[(bh * n + t) * d + i] = tok.data[bh * d + i]!;
    }
  });
  return new Tensor('float32', [b, h, n, d], data);
}

/**
 * Runs the step graph token by token, feeding state forward. Starts from `initialState` or the
 * mechanism's empty state. State stays on the backend between steps (keepOnDevice).
 */
export async function runRecurrent<O extends object>(
  backend: Backend,
  mechanism: AnyMechanism,
  inputs: HostAttentionInputs,
  options: O = {} as O,
  initialState?: Record<string, Tensor>,
): Promise<FormRun> {
  const dims = dimsOf(inputs);
  const merged = { ...mechanism.defaultOptions, ...options };
  const exe = await backend.compile(buildStepGraph(mechanism, dims, merged));
  const specs = mechanism.stateSpecs(dims, merged);
  let state: Record<string, TensorLike> = initialState ?? mechanism.initialState(dims, merged);
  const outs: Tensor[] = [];
  const keep = specs.map((s) => STATE_OUT_PREFIX + s.name);
  try {
    for (let t = 0; t < dims.seqQ; t++) {
      const feeds: Record<string, TensorLike> = {
        q: tokenAt(inputs.q, t),
        k: tokenAt(inputs.k, t),
        v: tokenAt(inputs.v, t),
      };
      if (inputs.gate) feeds.gate = tokenAt(inputs.gate, t);
      for (const spec of specs) feeds[STATE_IN_PREFIX + spec.name] = state[spec.name]!;
      const result = await exe.run(feeds, { keepOnDevice: keep });
      const next: Record<string, TensorLike> = {};
      for (const spec of specs) next[spec.name] = result[STATE_OUT_PREFIX + spec.name]!;
      if (t > 0) for (const s of Object.values(state)) if ('dispose' in s) s.dispose();
      state = next;
      outs.push(result.out as Tensor);
    }
    const finalState: Record<string, Tensor> = {};
    for (const [name, s] of Object.entries(state)) {
      finalState[name] = s instanceof Tensor ? s : await s.read();
      if (!(s instanceof Tensor)) s.dispose();
    }
    return { out: stackTokens(outs), state: finalState };
  } finally {
    await exe.dispose();
  }
}
