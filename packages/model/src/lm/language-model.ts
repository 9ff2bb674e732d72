import type { Dim, GraphBuilder, Value } from '@constant-attention/core';
import type { LmParamSpec } from './param-spec.js';

/** One piece of a model's decode state, e.g. `0.logHS` or `embed_pos.pos`. */
export interface LmStateSpec {
  /** `<layer>.<name>`: the exported decoder's `past_state.<layer>.<name>`. */
  readonly name: string;
  /** Concrete except softmax's growing 'past' dim. */
  readonly shape: readonly Dim[];
  /** The value of every entry before any token: -inf for log-space sums, 0 for the rest. */
  readonly initial: number;
}

export interface LmForwardOptions {
  /** Chunk length of the chunked attention form; the whole pass in one chunk when absent. */
  readonly chunkSize?: number;
  /** The state after earlier text, to continue from (prefill in pieces, or after generation). */
  readonly initialState?: Readonly<Record<string, Value>>;
  /**
   * int32 [batch, k] indices into the batch * n positions (row-major): logits come out [batch, k, vocab]
   * for those positions only. Tasks scored at a few positions (associative recall's queries) then skip
   * the vocab projection everywhere else, which dominates a step when the vocab is large.
   */
  readonly logitRows?: Value;
  /**
   * Called with each layer's LayerNorm'd input to its attention, whose projections are that layer's
   * attention inputs: gpt's block LayerNorm (projected to q, k, v and a gate), heinsen-lm's
   * feedforward1 LayerNorm (one projection to every head's Q, K and log V). A gpt without attention
   * never calls it. Instruments read a trained model's attention through it (`lmAttentionInputs`).
   */
  readonly onAttentionInput?: (layer: number, normed: Value) => void;
}

export type LmParamValues = Readonly<Record<string, Value>>;

/**
 * A causal language model as graphs: a full pass (training, prefill) and a one-token decode step that
 * carries a state. Every preset implements it, so training, evaluation, generation and export are
 * written once.
 */
export interface LanguageModel {
  readonly preset: string;
  readonly vocab: number;
  /** Whether `forward` takes `initialState`: a prompt after earlier text then goes in at chunked speed. */
  readonly continuesFromState: boolean;
  paramSpecs(): readonly LmParamSpec[];
  /** int32 tokens [batch, n] -> logits [batch, n, vocab], and the state after the last token. */
  forward(
    b: GraphBuilder,
    params: LmParamValues,
    tokens: Value,
    options?: LmForwardOptions,
  ): { readonly logits: Value; readonly state: Readonly<Record<string, Value>> };
  stateSpecs(batch: number): readonly LmStateSpec[];
  /** int32 ids [batch, 1] and the state -> logits [batch, 1, vocab] and the next state. */
  step(
    b: GraphBuilder,
    params: LmParamValues,
    ids: Value,
    state: Readonly<Record<string, Value>>,
  ): { readonly logits: Value; readonly state: Readonly<Record<string, Value>> };
}
