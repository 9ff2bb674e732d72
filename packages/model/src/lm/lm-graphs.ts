import {
  type Dim,
  type Graph,
  GraphBuilder,
  InvalidArgumentError,
  type Tensor,
  type Value,
} from '@constant-attention/core';
import { crossEntropyLoss } from '../cross-entropy.js';
import type { LanguageModel, LmParamValues } from './language-model.js';

/** Graph input and output names shared by training, evaluation, generation and ONNX export. */
export const TOKENS = 'tokens';
export const TARGETS = 'targets';
export const LOSS_WEIGHTS = 'loss_weights';
export const INPUT_IDS = 'input_ids';
export const LOGITS = 'logits';
export const pastStateName = (name: string) => `past_state.${name}`;
export const presentStateName = (name: string) => `present_state.${name}`;

/**
 * Every parameter as a graph input, or, when `embedded` holds their values, as constants: an exported
 * model then carries its trained weights.
 */
export function declareLmParams(
  b: GraphBuilder,
  model: LanguageModel,
  embedded?: Readonly<Record<string, Tensor>>,
): LmParamValues {
  return Object.fromEntries(
    model.paramSpecs().map((s) => {
      if (!embedded) return [s.name, b.input(s.name, 'float32', s.shape)];
      const value = embedded[s.name];
      if (!value) throw new InvalidArgumentError(`no value for param '${s.name}'`);
      return [s.name, b.constant(value.data, s.shape)];
    }),
  );
}

function declareState(b: GraphBuilder, model: LanguageModel, batch: number): Record<string, Value> {
  return Object.fromEntries(
    model.stateSpecs(batch).map((s) => [s.name, b.input(pastStateName(s.name), 'float32', s.shape)]),
  );
}

function presentOutputs(state: Readonly<Record<string, Value>>): Record<string, Value> {
  return Object.fromEntries(Object.entries(state).map(([name, v]) => [presentStateName(name), v]));
}

export interface LmPassShape {
  readonly batch: number;
  /** Tokens per row; a symbol such as 'seq' builds one prefill graph for every length. */
  readonly seq: Dim;
  readonly chunkSize?: number;
}

/**
 * params + tokens [batch, seq] (+ past_state.* when `fromState`) -> logits [batch, seq, vocab] and
 * present_state.*: the prefill of generation, and a prompt appended after earlier text. With
 * `embedded` params the graph has no param inputs (a deployable prefill).
 */
export function buildLmPrefillGraph(
  model: LanguageModel,
  shape: LmPassShape,
  options: { readonly fromState?: boolean; readonly embedded?: Readonly<Record<string, Tensor>> } = {},
): Graph {
  const b = new GraphBuilder();
  const params = declareLmParams(b, model, options.embedded);
  const tokens = b.input(TOKENS, 'int32', [shape.batch, shape.seq]);
  const initialState = options.fromState ? declareState(b, model, shape.batch) : undefined;
  const { logits, state } = model.forward(b, params, tokens, {
    ...(shape.chunkSize ? { chunkSize: shape.chunkSize } : {}),
    ...(initialState ? { initialState } : {}),
  });
  return b.build({ [LOGITS]: logits, ...presentOutputs(state) });
}

/** params + tokens, targets int32 [batch, seq], loss_weights float32 [batch, seq] -> scalar mean `loss`. */
export function buildLmLossGraph(model: LanguageModel, shape: LmPassShape): Graph {
  const b = new GraphBuilder();
  const params = declareLmParams(b, model);
  const tokens = b.input(TOKENS, 'int32', [shape.batch, shape.seq]);
  const targets = b.input(TARGETS, 'int32', [shape.batch, shape.seq]);
  const weights = b.input(LOSS_WEIGHTS, 'float32', [shape.batch, shape.seq]);
  const { logits } = model.forward(b, params, tokens, shape.chunkSize ? { chunkSize: shape.chunkSize } : {});
  return b.build({ loss: crossEntropyLoss(b, logits, targets, weights) });
}

/**
 * params + input_ids [batch, 1] + past_state.* -> logits [batch, 1, vocab] + present_state.*. With
 * `embedded` params the graph has no param inputs (a deployable decoder).
 */
export function buildLmStepGraph(
  model: LanguageModel,
  batch: number,
  embedded?: Readonly<Record<string, Tensor>>,
): Graph {
  const b = new GraphBuilder();
  const params = declareLmParams(b, model, embedded);
  const ids = b.input(INPUT_IDS, 'int32', [batch, 1]);
  const { logits, state } = model.step(b, params, ids, declareState(b, model, batch));
  return b.build({ [LOGITS]: logits, ...presentOutputs(state) });
}
