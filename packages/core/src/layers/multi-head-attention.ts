import { InvalidArgumentError, RankError, ShapeError } from '../errors.js';
import type { GraphBuilder, Value } from '../ir/builder.js';
import type { DType } from '../ir/dtype.js';
import { type Dim, formatShape } from '../ir/shape.js';
import type {
  AnyMechanism,
  AttentionInputs,
  HeadDims,
  StateSpec,
  StateValues,
} from '../mechanisms/mechanism.js';
import { getMechanism } from '../mechanisms/registry.js';
import { mergeHeads, splitHeads } from './heads.js';
import { linearProjection } from './linear-projection.js';

/**
 * Projection weights, as graph values so that a model can train them: wq, wk [dModel, heads * dk],
 * wv [dModel, heads * dv], wo [heads * dv, dModel]; biases optional. Gated mechanisms also need
 * wg [dModel, heads] for the per-head, per-token gate logits.
 */
export interface MultiHeadAttentionParams {
  readonly wq: Value;
  readonly wk: Value;
  readonly wv: Value;
  readonly wo: Value;
  readonly bq?: Value;
  readonly bk?: Value;
  readonly bv?: Value;
  readonly bo?: Value;
  readonly wg?: Value;
  readonly bg?: Value;
}

export interface MultiHeadAttentionOptions {
  /** A mechanism or its registered name. */
  readonly mechanism: AnyMechanism | string;
  readonly heads: number;
  /** Merged over the mechanism's defaultOptions. */
  readonly mechanismOptions?: object;
}

export interface MultiHeadSequenceOptions extends MultiHeadAttentionOptions {
  readonly causal: boolean;
  /** 'chunked' needs causal attention; the length may be symbolic. Default 'parallel'. */
  readonly form?: 'parallel' | 'chunked';
  readonly chunkSize?: number;
  /**
   * The mechanism's state after earlier tokens (causal only): the chunked form takes it where the
   * mechanism sets continuesFromState, the parallel form where it sets parallelContinuesFromState.
   */
  readonly initialState?: StateValues;
}

export interface MultiHeadOutput {
  /** [batch, seq, dModel]. */
  readonly out: Value;
  /** The mechanism's state after the last token (causal forms), keyed by the mechanism's state names. */
  readonly state?: StateValues;
}

function resolveMechanism(mechanism: AnyMechanism | string): AnyMechanism {
  return typeof mechanism === 'string' ? getMechanism(mechanism) : mechanism;
}

function headSize(name: string, weight: Value, heads: number): number {
  const width = weight.dim(1);
  if (weight.rank !== 2)
    throw new RankError(`multiHeadAttention: ${name} must be rank 2, got ${formatShape(weight.shape)}`);
  if (typeof width !== 'number' || width % heads !== 0) {
    throw new ShapeError(
      `multiHeadAttention: ${name} width ${String(width)} is not divisible by ${heads} heads`,
    );
  }
  return width / heads;
}

/** Per-head sizes implied by the weights: dk from wq (and wk), dv from wv. */
export function attentionHeadDims(params: MultiHeadAttentionParams, heads: number, batch: Dim): HeadDims {
  if (!Number.isInteger(heads) || heads < 1) {
    throw new InvalidArgumentError(`multiHeadAttention: heads must be a positive integer, got ${heads}`);
  }
  const dk = headSize('wq', params.wq, heads);
  if (headSize('wk', params.wk, heads) !== dk) {
    throw new ShapeError(
      `multiHeadAttention: wq ${formatShape(params.wq.shape)} and wk ${formatShape(params.wk.shape)} must match`,
    );
  }
  const dv = headSize('wv', params.wv, heads);
  if (params.wo.rank !== 2 || params.wo.dim(0) !== heads * dv) {
    throw new ShapeError(
      `multiHeadAttention: wo must be [${heads * dv}, dModel], got ${formatShape(params.wo.shape)}`,
    );
  }
  return { batch, heads, dk, dv };
}

function checkInput(x: Value, params: MultiHeadAttentionParams): void {
  if (x.rank !== 3)
    throw new RankError(`multiHeadAttention: x must be [batch, seq, dModel], got ${formatShape(x.shape)}`);
  if (x.dim(2) !== params.wq.dim(0) || x.dim(2) !== params.wo.dim(1)) {
    throw new ShapeError(
      `multiHeadAttention: x ${formatShape(x.shape)} does not match dModel of wq ${formatShape(params.wq.shape)} and wo ${formatShape(params.wo.shape)}`,
    );
  }
}

/** Projects x [batch, seq, dModel] to per-head q, k, v (and gate) [batch, heads, seq, d]. */
function headInputs(
  b: GraphBuilder,
  x: Value,
  params: MultiHeadAttentionParams,
  heads: number,
  mechanism: AnyMechanism,
): AttentionInputs {
  const q = splitHeads(b, linearProjection(b, x, params.wq, params.bq), heads);
  const k = splitHeads(b, linearProjection(b, x, params.wk, params.bk), heads);
  const v = splitHeads(b, linearProjection(b, x, params.wv, params.bv), heads);
  if (!mechanism.usesGate) return { q, k, v };
  if (!params.wg) {
    throw new InvalidArgumentError(
      `multiHeadAttention: mechanism '${mechanism.name}' needs gate weights wg [dModel, heads]`,
    );
  }
  if (params.wg.dim(1) !== heads) {
    throw new ShapeError(
      `multiHeadAttention: wg must be [dModel, ${heads}], got ${formatShape(params.wg.shape)}`,
    );
  }
  const gate = splitHeads(b, linearProjection(b, x, params.wg, params.bg), heads);
  return { q, k, v, gate };
}

function outputProjection(b: GraphBuilder, perHead: Value, params: MultiHeadAttentionParams): Value {
  return linearProjection(b, mergeHeads(b, perHead), params.wo, params.bo);
}

/**
 * Multi-head attention over a sequence with any registered mechanism: project, split heads by
 * reshape/transpose, run the mechanism's parallel or chunked form, merge heads, project back.
 */
export function multiHeadAttention(
  b: GraphBuilder,
  x: Value,
  params: MultiHeadAttentionParams,
  options: MultiHeadSequenceOptions,
): MultiHeadOutput {
  const mechanism = resolveMechanism(options.mechanism);
  checkInput(x, params);
  attentionHeadDims(params, options.heads, x.dim(0));
  const inputs = headInputs(b, x, params, options.heads, mechanism);
  const merged = { ...mechanism.defaultOptions, ...options.mechanismOptions };
  const form = options.form ?? 'parallel';
  if (form === 'chunked') {
    if (!options.causal)
      throw new InvalidArgumentError('multiHeadAttention: the chunked form is causal only');
    if (options.chunkSize === undefined)
      throw new InvalidArgumentError('multiHeadAttention: chunked needs chunkSize');
    if (options.initialState && !mechanism.continuesFromState)
      throw new InvalidArgumentError(
        `multiHeadAttention: ${mechanism.name}'s chunked form cannot continue from a state`,
      );
    const result = mechanism.chunked(b, inputs, {
      ...merged,
      chunkSize: options.chunkSize,
      ...(options.initialState ? { initialState: options.initialState } : {}),
    });
    return { out: outputProjection(b, result.out, params), state: result.state };
  }
  if (form !== 'parallel')
    throw new InvalidArgumentError(`multiHeadAttention: unknown form '${String(form)}'`);
  if (options.initialState && !options.causal)
    throw new InvalidArgumentError('multiHeadAttention: only a causal form continues from a state');
  if (options.initialState && !mechanism.parallelContinuesFromState)
    throw new InvalidArgumentError(
      `multiHeadAttention: ${mechanism.name}'s parallel form cannot continue from a state; use form: 'chunked'`,
    );
  const result = mechanism.parallel(b, inputs, {
    ...merged,
    causal: options.causal,
    ...(options.initialState ? { initialState: options.initialState } : {}),
  });
  return { out: outputProjection(b, result.out, params), state: result.state };
}

/** One decode token x [batch, 1, dModel] with the mechanism's state; returns the next state. */
export function multiHeadAttentionStep(
  b: GraphBuilder,
  x: Value,
  params: MultiHeadAttentionParams,
  state: StateValues,
  options: MultiHeadAttentionOptions,
): { readonly out: Value; readonly state: StateValues } {
  const mechanism = resolveMechanism(options.mechanism);
  checkInput(x, params);
  if (x.dim(1) !== 1)
    throw new ShapeError(`multiHeadAttentionStep: x must hold one token, got ${formatShape(x.shape)}`);
  attentionHeadDims(params, options.heads, x.dim(0));
  const inputs = headInputs(b, x, params, options.heads, mechanism);
  const merged = { ...mechanism.defaultOptions, ...options.mechanismOptions };
  const result = mechanism.step(b, state, inputs, merged);
  return { out: outputProjection(b, result.out, params), state: result.state };
}

/** The state a decode step reads and writes, for declaring it as graph inputs. */
export function multiHeadStateSpecs(
  params: MultiHeadAttentionParams,
  options: MultiHeadAttentionOptions,
  batch: Dim,
): readonly StateSpec[] {
  const mechanism = resolveMechanism(options.mechanism);
  const merged = { ...mechanism.defaultOptions, ...options.mechanismOptions };
  return mechanism.stateSpecs(attentionHeadDims(params, options.heads, batch), merged);
}

/** Declares the projection weights as graph inputs named `${prefix}.wq`, ... (dtype float32). */
export function declareMultiHeadAttentionParams(
  b: GraphBuilder,
  prefix: string,
  dims: { readonly dModel: number; readonly heads: number; readonly dk: number; readonly dv: number },
  extras: { readonly bias?: boolean; readonly gate?: boolean } = {},
): MultiHeadAttentionParams {
  const dtype: DType = 'float32';
  const { dModel, heads, dk, dv } = dims;
  const w = (name: string, shape: number[]) => b.input(`${prefix}.${name}`, dtype, shape);
  return {
    wq: w('wq', [dModel, heads * dk]),
    wk: w('wk', [dModel, heads * dk]),
    wv: w('wv', [dModel, heads * dv]),
    wo: w('wo', [heads * dv, dModel]),
    ...(extras.bias
      ? {
          bq: w('bq', [heads * dk]),
          bk: w('bk', [heads * dk]),
          bv: w('bv', [heads * dv]),
          bo: w('bo', [dModel]),
        }
      : {}),
    ...(extras.gate
      ? { wg: w('wg', [dModel, heads]), ...(extras.bias ? { bg: w('bg', [heads]) } : {}) }
      : {}),
  };
}
