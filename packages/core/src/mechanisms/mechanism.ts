import type { GraphBuilder, Value } from '../ir/builder.js';
import type { DType } from '../ir/dtype.js';
import type { Dim, Shape } from '../ir/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { LinearAttentionUpdateRule } from './linear/linear-attention-op.js';

export type { LinearAttentionUpdateRule } from './linear/linear-attention-op.js';

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

/** A mechanism's forms, under one vocabulary: the recurrent form is its state plus `step`. */
export type FormName = 'parallel' | 'chunked' | 'recurrent';

/** The shape a cost is evaluated at: `n` is the sequence length, or the context length t of a recurrent step. */
export interface CostShape {
  readonly n: number;
  readonly dk: number;
  readonly dv: number;
  /** Chunk size of the chunked form. */
  readonly chunkSize: number;
}

/**
 * A mechanism's costs, in its own `cost.ts`: big-O, stated next to every measurement so the bench can
 * flag contradictions, and the exact FLOP count the bench divides by (no mechanism switch in the bench).
 */
export interface MechanismCost {
  readonly parallelTime: string;
  readonly stepTime: string;
  readonly stateSize: string;
  /**
   * FLOPs per (batch, head) of `form` at `shape`, counted the way the form's graph computes them (full
   * masked squares count in full). `recurrent` is one step at context n. A multiply-add is 2 FLOPs.
   */
  flopsPerHead?(form: FormName, shape: CostShape): number;
}

/** Peer ops of other runtimes that compute the same thing, for the bench's side-by-side runs. */
export interface MechanismPeers {
  /**
   * com.microsoft.LinearAttention computes it: `S_t = S_{t-1} + k_t v_t^T` (undecayed) or
   * `S_t = exp(g_t) S_{t-1} + k_t v_t^T` ('gated', g the op's log-space `decay` input), `o_t = q_t S_t`,
   * on the feature-mapped q and k.
   */
  readonly linearAttention?: {
    readonly updateRule: LinearAttentionUpdateRule;
    readonly featureMap: 'identity' | 'elu+1' | 'exp';
    /** Added to the denominator f(q) . z; ignored when `normalizer` is 'none'. */
    readonly eps: number;
    /** 'feature' (the default): o_t is divided by f(q_t) . z_t + eps, z riding along as a ones column of V. */
    readonly normalizer?: 'feature' | 'none';
    /** 'gated' only: log gamma_h of each of `heads` heads, the per-head decay fed to every token. */
    logDecay?(heads: number): readonly number[];
    /** The op's `scale` on q . k for head size d_k; 1 where absent (our undecayed linear mechanisms have none). */
    scale?(dk: number): number;
    /** What our chunked or recurrent form does beyond the op's token recurrence, for the bench's "why slower". */
    readonly extraWork?: { readonly chunked?: string; readonly recurrent?: string };
  };
  /** ONNX `Attention` (opset 23) / com.microsoft.MultiHeadAttention compute it (softmax). */
  readonly onnxAttention?: boolean;
}

/**
 * Inputs on which a mechanism's forms must match the float64 oracle for a reason of their own (a
 * guard's two sides, a corner only long sequences reach); the conformance suite runs each on every
 * backend and compares with the reference backend.
 */
export interface ConformanceCase<Options> {
  readonly title: string;
  readonly form: 'parallel' | 'chunked';
  readonly inputs: { readonly q: Tensor; readonly k: Tensor; readonly v: Tensor; readonly gate?: Tensor };
  /** Merged over the defaults; `causal` (parallel) and `chunkSize` (chunked) as the form needs. */
  readonly options: Partial<Options> & { readonly causal?: boolean; readonly chunkSize?: number };
}

/** Options the shared conformance suite needs to reach a mechanism's corners, each with its reason. */
export interface ConformanceOptions<Options> {
  /** Options under which the recurrent form reproduces the parallel one (e.g. frozen data-dependent scales). */
  readonly streaming?: Partial<Options>;
  /** Options that make short test sequences take the paths only long sequences reach. */
  readonly longSequence?: Partial<Options>;
  /** Extra cases, built when the suite runs (so a mechanism's module loads no tensors). */
  cases?(): readonly ConformanceCase<Options>[];
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
  /**
   * The quadratic definition, in graph form (`naive.ts`): the oracle that its tests, `pnpm golden` and
   * the bench's correctness checks compare every form against. Written for clarity, never for speed.
   */
  naive?(b: GraphBuilder, inputs: AttentionInputs, options: Options & { readonly causal: boolean }): Value;
  /**
   * Its attention weights as an explicit [batch, heads, n_q, n_k] matrix, for the instruments and the
   * playground's explorer; absent where the mechanism has no such matrix.
   */
  attentionMatrix?(
    b: GraphBuilder,
    q: Value,
    k: Value,
    options: Options & { readonly causal: boolean },
  ): Value;
  readonly peers?: MechanismPeers;
  readonly conformance?: ConformanceOptions<Options>;
  /**
   * The exact attention every other mechanism is measured against (softmax): the bench's tables give
   * speed-ups over it. At most one registered mechanism sets it.
   */
  readonly baseline?: boolean;
  /**
   * Non-causal forms may let n_q != n_k; causal forms need n_q == n_k. Where
   * `parallelContinuesFromState` is set, the causal form continues from `initialState` as `chunked`
   * does; with causal: false an `initialState` is an InvalidArgumentError (there is no "earlier").
   */
  parallel(
    b: GraphBuilder,
    inputs: AttentionInputs,
    options: Options & { readonly causal: boolean; readonly initialState?: StateValues },
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
  /** Whether `chunked` takes `initialState`; the generic callers reject one where it is not set. */
  readonly continuesFromState?: boolean;
  /**
   * Whether, for every option value, the chunked form over a sequence equals the same form over
   * consecutive groups of its tokens, each continued from the state the one before left (a constant-size
   * state; the first group continues from `sequenceGroupStart`'s state where the mechanism has one).
   * Then `buildChunkedGraph` runs long concrete lengths in groups (`groupTokens`), which bounds the
   * intermediates ORT holds at once.
   */
  readonly sequenceGroups?: boolean;
  /**
   * The state the first sequence group continues from where the caller gives none, built from the whole
   * sequence: an empty state that carries what the one-pass chunked form reads from all the tokens
   * (lln's moment-matched scales), so that every group uses exactly that. Absent: the first group
   * starts from no state, like a one-pass run.
   */
  sequenceGroupStart?(
    b: GraphBuilder,
    inputs: AttentionInputs,
    options: Options & { readonly chunkSize: number },
  ): StateValues;
  /**
   * Whether the causal `parallel` form takes `initialState`; the generic callers reject one where it is
   * not set, so a form that does not read it never ignores it silently.
   */
  readonly parallelContinuesFromState?: boolean;
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
