import { emptyInputError } from '../backend/validate-feeds.js';
import { InvalidArgumentError } from '../errors.js';
import { GraphBuilder, type Value } from '../ir/builder.js';
import type { Graph, InputValues } from '../ir/graph.js';
import type { Dim } from '../ir/shape.js';
import { inSequenceGroups, SEQUENCE_GROUP_TOKENS } from './common/sequence-groups.js';
import type { AnyMechanism, AttentionInputs, StateValues } from './mechanism.js';

export type { FormName } from './mechanism.js';

export interface SequenceDims {
  readonly batch: Dim;
  readonly heads: Dim;
  readonly seqQ: Dim;
  readonly seqK: Dim;
  readonly dk: number;
  readonly dv: number;
}

/** Graph input/output names used by every form graph. */
export const STATE_IN_PREFIX = 'past.';
export const STATE_OUT_PREFIX = 'present.';

/**
 * An infinite q, k, v or gate only ever comes out as NaN, so such feeds are rejected up front. So is an
 * empty one: no mechanism defines attention over zero tokens, heads or features (README, "Empty
 * inputs"), and a 0 reaching the runtimes failed inside them, differently on each.
 */
function declareInputs(b: GraphBuilder, mechanism: AnyMechanism, dims: SequenceDims): AttentionInputs {
  const declare = (name: string, shape: Dim[], values: InputValues = 'finite') => {
    if (shape.includes(0)) throw emptyInputError(`${mechanism.name}: input '${name}'`, shape);
    return b.input(name, 'float32', shape, { values, nonEmpty: true });
  };
  const q = declare('q', [dims.batch, dims.heads, dims.seqQ, dims.dk]);
  const k = declare('k', [dims.batch, dims.heads, dims.seqK, dims.dk]);
  const logValues = mechanism.logValues ? 'finite-or-neg-inf' : 'finite';
  const v = declare('v', [dims.batch, dims.heads, dims.seqK, dims.dv], logValues);
  if (!mechanism.usesGate) return { q, k, v };
  return { q, k, v, gate: declare('gate', [dims.batch, dims.heads, dims.seqK, 1]) };
}

function stateOutputs(state: StateValues | undefined): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [name, value] of Object.entries(state ?? {})) out[STATE_OUT_PREFIX + name] = value;
  return out;
}

/**
 * `past.<state>` inputs, declared from the mechanism's state specs, for a form that continues from
 * earlier tokens; refused where the mechanism's form would not read them.
 */
function declareInitialState(
  b: GraphBuilder,
  mechanism: AnyMechanism,
  form: 'parallel' | 'chunked',
  dims: SequenceDims,
  options: object,
): StateValues {
  const continues = form === 'chunked' ? mechanism.continuesFromState : mechanism.parallelContinuesFromState;
  if (!continues)
    throw new InvalidArgumentError(`${mechanism.name}: the ${form} form cannot continue from a state`);
  const state: Record<string, Value> = {};
  for (const spec of mechanism.stateSpecs(dims, { ...mechanism.defaultOptions, ...options }))
    state[spec.name] = b.input(STATE_IN_PREFIX + spec.name, spec.dtype, spec.shape);
  return state;
}

/**
 * Inputs q, k, v (and gate), plus `past.<state>` when `fromState` (causal only); outputs `out`, plus
 * `present.<state>` when causal and `withState`.
 */
export function buildParallelGraph<O extends object>(
  mechanism: AnyMechanism,
  dims: SequenceDims,
  options: O & { readonly causal: boolean; readonly withState?: boolean; readonly fromState?: boolean },
): Graph {
  if (options.causal && dims.seqQ !== dims.seqK) {
    throw new InvalidArgumentError(
      `${mechanism.name}: causal attention needs n_q == n_k, got ${String(dims.seqQ)} and ${String(dims.seqK)}`,
    );
  }
  if (options.fromState && !options.causal)
    throw new InvalidArgumentError(`${mechanism.name}: only the causal parallel form continues from a state`);
  const b = new GraphBuilder();
  const inputs = declareInputs(b, mechanism, dims);
  const initialState = options.fromState
    ? declareInitialState(b, mechanism, 'parallel', dims, options)
    : undefined;
  const result = mechanism.parallel(b, inputs, {
    ...mechanism.defaultOptions,
    ...options,
    ...(initialState ? { initialState } : {}),
  });
  return b.build({ out: result.out, ...(options.withState ? stateOutputs(result.state) : {}) });
}

export function buildChunkedGraph<O extends object>(
  mechanism: AnyMechanism,
  dims: Omit<SequenceDims, 'seqK'> & { seqK?: Dim },
  options: O & { readonly chunkSize: number; readonly withState?: boolean; readonly fromState?: boolean },
): Graph {
  if (!Number.isInteger(options.chunkSize) || options.chunkSize < 1) {
    throw new InvalidArgumentError(
      `${mechanism.name}: chunkSize must be a positive integer, got ${options.chunkSize}`,
    );
  }
  const b = new GraphBuilder();
  const sequence = { ...dims, seqK: dims.seqQ };
  const inputs = declareInputs(b, mechanism, sequence);
  const initialState = options.fromState
    ? declareInitialState(b, mechanism, 'chunked', sequence, options)
    : undefined;
  const merged = { ...mechanism.defaultOptions, ...options };
  const run = (part: AttentionInputs, state: StateValues | undefined) =>
    mechanism.chunked(b, part, { ...merged, ...(state ? { initialState: state } : {}) });
  const groupTokens = sequenceGroupTokens(mechanism, sequence, merged);
  const result =
    groupTokens === undefined
      ? run(inputs, initialState)
      : inSequenceGroups(
          b,
          inputs,
          groupTokens,
          initialState ?? mechanism.sequenceGroupStart?.(b, inputs, merged),
          run,
        );
  return b.build({ out: result.out, ...(options.withState ? stateOutputs(result.state) : {}) });
}

/**
 * Tokens per sequence group of a chunked graph over a concrete length, rounded up to whole chunks
 * (`groupTokens`, default SEQUENCE_GROUP_TOKENS): undefined where the graph runs in one pass, i.e. for
 * a symbolic or short length, or a mechanism without `sequenceGroups` (a KV cache would carry and copy
 * every earlier key into each group). What a group cannot see but the one pass reads from the whole
 * sequence (lln's default scales) comes in the mechanism's `sequenceGroupStart` state.
 */
function sequenceGroupTokens(
  mechanism: AnyMechanism,
  dims: SequenceDims,
  options: { readonly chunkSize: number; readonly groupTokens?: unknown },
): number | undefined {
  const tokens = options.groupTokens ?? SEQUENCE_GROUP_TOKENS;
  if (typeof tokens !== 'number' || !Number.isInteger(tokens) || tokens < 1)
    throw new InvalidArgumentError(
      `${mechanism.name}: groupTokens must be a positive integer, got ${String(tokens)}`,
    );
  if (typeof dims.seqQ !== 'number' || !mechanism.sequenceGroups) return undefined;
  const group = Math.ceil(tokens / options.chunkSize) * options.chunkSize;
  return dims.seqQ > group ? group : undefined;
}

/** One decode step: inputs q, k, v [b, h, 1, d] and `past.<state>`; outputs `out` and `present.<state>`. */
export function buildStepGraph<O extends object>(
  mechanism: AnyMechanism,
  dims: Omit<SequenceDims, 'seqQ' | 'seqK'>,
  options: O = {} as O,
): Graph {
  const merged = { ...mechanism.defaultOptions, ...options };
  const b = new GraphBuilder();
  const inputs = declareInputs(b, mechanism, { ...dims, seqQ: 1, seqK: 1 });
  const state: Record<string, Value> = {};
  for (const spec of mechanism.stateSpecs(dims, merged)) {
    state[spec.name] = b.input(STATE_IN_PREFIX + spec.name, spec.dtype, spec.shape);
  }
  const result = mechanism.step(b, state, inputs, merged);
  return b.build({ out: result.out, ...stateOutputs(result.state) });
}
