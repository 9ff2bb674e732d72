import type { GraphBuilder, Value } from '../ir/builder.js';
import type { DType } from '../ir/dtype.js';
import type { Dim, Shape } from '../ir/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * Per-head attention inputs, each [batch, heads, seq, dim]: q and k share d_k, v has d_v.
 * `gate` is optional per-token gate logits [batch, heads, seq, 1], used only by mechanisms that gate.
 */
export interface AttentionInputs {
  readonly q: Value;
  readonly k: Value;
  readonly v: Value;
  readonly gate?: Value;
}

/** Recurrent state as graph values, keyed by state name (e.g. { S, z } or { key, value }). */
export type StateValues = Readonly<Record<string, Value>>;

export interface StateSpec {
  readonly name: string;
  readonly dtype: DType;
  /** May contain symbols; softmax's KV cache has a growing 'past' dim, every other state is fixed-size. */
  readonly shape: Shape;
}

export interface HeadDims {
  readonly batch: Dim;
  readonly heads: Dim;
  readonly dk: number;
  readonly dv: number;
}

export interface FormOutput {
  readonly out: Value;
  /** The recurrent state after the last token; present for causal forms so a decode can continue. */
  readonly state?: StateValues;
}

/** Big-O costs, stated next to every measurement so the bench can flag contradictions. */
export interface MechanismCost {
  readonly parallelTime: string;
  readonly stepTime: string;
  readonly stateSize: string;
}

/**
 * One attention mechanism in its three forms. All forms must agree: parallel(causal) == chunked ==
 * token-by-token step, and a parallel prefix's `state` continued by `step` equals the full parallel run.
 */
export interface Mechanism<Options extends object = object> {
  readonly name: string;
  readonly cost: MechanismCost;
  readonly defaultOptions: Options;
  /** Whether the mechanism needs `gate` inputs. */
  readonly usesGate?: boolean;
  /** Its `v` input is log V, so -inf (V = 0) is a valid entry; every other attention input is finite. */
  readonly logValues?: boolean;
  /** Non-causal forms may let n_q != n_k; causal forms need n_q == n_k. */
  parallel(
    b: GraphBuilder,
    inputs: AttentionInputs,
    options: Options & { readonly causal: boolean },
  ): FormOutput;
  /**
   * Causal only. Works for any sequence length; the last chunk may be shorter than chunkSize. Where
   * `continuesFromState` is set, `initialState` (the state after earlier tokens) is continued from, as
   * fla's `initial_state`: chunked(prefix) then chunked(rest, its state) equals one pass.
   */
  chunked(
    b: GraphBuilder,
    inputs: AttentionInputs,
    options: Options & { readonly chunkSize: number; readonly initialState?: StateValues },
  ): FormOutput & { readonly state: StateValues };
  /** Whether `chunked` takes `initialState`; a mechanism without it rejects one. */
  readonly continuesFromState?: boolean;
  stateSpecs(dims: HeadDims, options: Options): readonly StateSpec[];
  /** The state before any token, as host tensors matching stateSpecs with concrete dims. */
  initialState(
    dims: HeadDims & { readonly batch: number; readonly heads: number },
    options: Options,
  ): Record<string, Tensor>;
  /** One token: inputs are [batch, heads, 1, dim]. */
  step(
    b: GraphBuilder,
    state: StateValues,
    inputs: AttentionInputs,
    options: Options,
  ): { readonly out: Value; readonly state: StateValues };
}

// biome-ignore lint/suspicious/noExplicitAny: a registry holds mechanisms of every option type.
export type AnyMechanism = Mechanism<any>;
