import {
  embedding,
  feedForward,
  type Graph,
  GraphBuilder,
  getMechanism,
  InvalidArgumentError,
  type MultiHeadAttentionParams,
  multiHeadStateSpecs,
  type TransformerBlockParams,
  tiedLogits,
  transformerBlock,
  transformerBlockStep,
  type Value,
} from '@constant-attention/core';
import { checkGptConfig, type GptConfig, gptHasAttention, gptPositions } from './gpt-config.js';
import { blockPrefix, gptParamSpecs } from './gpt-params.js';
import type { LanguageModel, LmParamValues, LmStateSpec } from './lm/language-model.js';
import { buildLmLossGraph, declareLmParams, TOKENS } from './lm/lm-graphs.js';
import { recurrentPositionParallel, recurrentPositionStep } from './lm/recurrent-position.js';
import { selectRows } from './lm/select-rows.js';

export { LOSS_WEIGHTS, TARGETS, TOKENS } from './lm/lm-graphs.js';

export type GptParamValues = LmParamValues;

/** The position state of 'recurrent' positions, and the token counter of 'learned' ones. */
export const GPT_POSITION_STATE = 'embed_pos.pos';
export const GPT_TOKEN_INDEX_STATE = 'pos_emb.index';

export function blockParams(params: GptParamValues, layer: number): TransformerBlockParams {
  const p = blockPrefix(layer);
  const attention: MultiHeadAttentionParams = {
    wq: params[`${p}.attn.wq`]!,
    wk: params[`${p}.attn.wk`]!,
    wv: params[`${p}.attn.wv`]!,
    wo: params[`${p}.attn.wo`]!,
    ...(params[`${p}.attn.wg`] ? { wg: params[`${p}.attn.wg`]! } : {}),
  };
  return {
    ln1: { gamma: params[`${p}.ln1.gamma`]!, beta: params[`${p}.ln1.beta`]! },
    attention,
    ln2: { gamma: params[`${p}.ln2.gamma`]!, beta: params[`${p}.ln2.beta`]! },
    ffn: {
      w1: params[`${p}.ffn.w1`]!,
      b1: params[`${p}.ffn.b1`]!,
      w2: params[`${p}.ffn.w2`]!,
      b2: params[`${p}.ffn.b2`]!,
    },
  };
}

/** A block of the no-attention baseline: x + ffn(ln2(x)), the attention block's second half. */
function mlpBlock(b: GraphBuilder, x: Value, params: GptParamValues, layer: number): Value {
  const p = blockPrefix(layer);
  const normed = b.layerNorm(x, params[`${p}.ln2.gamma`]!, params[`${p}.ln2.beta`]!, 1e-5);
  const ffn = {
    w1: params[`${p}.ffn.w1`]!,
    b1: params[`${p}.ffn.b1`]!,
    w2: params[`${p}.ffn.w2`]!,
    b2: params[`${p}.ffn.b2`]!,
  };
  return b.add(x, feedForward(b, normed, ffn));
}

const positionParams = (params: GptParamValues) => ({
  weight: params['embed_pos.dense.weight']!,
  bias: params['embed_pos.dense.bias']!,
});

/**
 * A GPT over any registered mechanism as a LanguageModel: pre-LN blocks, GELU MLP, tied head. Its decode
 * state is each layer's attention state (`<layer>.<name>`; softmax's is the growing KV cache) plus the
 * position state: [batch, dModel] for 'recurrent', a token counter for 'learned'.
 */
export function gptLm(config: GptConfig): LanguageModel {
  checkGptConfig(config);
  const positions = gptPositions(config);
  // Undefined for the no-attention baseline, whose blocks are mlpBlock and whose state is its positions'.
  const attention = gptHasAttention(config)
    ? {
        mechanism: config.mechanism,
        heads: config.heads,
        ...(config.mechanismOptions ? { mechanismOptions: config.mechanismOptions } : {}),
      }
    : undefined;
  const head = (b: GraphBuilder, params: GptParamValues, x: Value) =>
    tiedLogits(b, b.layerNorm(x, params['ln_f.gamma']!, params['ln_f.beta']!, 1e-5), params.tok_emb!);
  const layerStateSpecs = (batch: number, layer: number) => {
    if (!attention) return [];
    // Specs depend only on the weights' shapes, so a throwaway builder can declare them.
    const b = new GraphBuilder();
    const block = blockParams(declareLmParams(b, model), layer);
    return multiHeadStateSpecs(block.attention, attention, batch);
  };
  const mechanism = attention ? getMechanism(attention.mechanism) : undefined;
  const model: LanguageModel = {
    preset: 'gpt',
    vocab: config.vocab,
    // Without attention the only state is the positions', which every full pass continues from.
    continuesFromState: mechanism ? mechanism.continuesFromState === true : true,
    paramSpecs: () => gptParamSpecs(config),
    forward(b, params, tokens, options = {}) {
      const initial = options.initialState;
      if (initial && !model.continuesFromState)
        throw new InvalidArgumentError(
          `gpt: ${String(config.mechanism)}'s full pass cannot continue from a state; decode token by token`,
        );
      const seq = tokens.dim(1) as number;
      let x = embedding(b, params.tok_emb!, tokens);
      const state: Record<string, Value> = {};
      if (positions === 'learned') {
        if (!initial && seq > config.seq)
          throw new InvalidArgumentError(`gpt: ${seq} tokens exceed the ${config.seq} learned positions`);
        const start = initial?.[GPT_TOKEN_INDEX_STATE];
        // After earlier text, rows start at the token counter (a Gather past the table is out of range).
        const rows = start
          ? b.gather(params.pos_emb!, b.cast(b.add(b.iota(seq, 'float32'), start), 'int32'), 0)
          : seq === config.seq
            ? params.pos_emb!
            : b.slice(params.pos_emb!, [0], [0], [seq]);
        x = b.add(x, rows);
        state[GPT_TOKEN_INDEX_STATE] = start ? b.add(start, seq) : b.constant([seq], [1]);
      } else if (positions === 'recurrent') {
        const embedded = recurrentPositionParallel(
          b,
          x,
          positionParams(params),
          initial?.[GPT_POSITION_STATE],
        );
        x = embedded.out;
        state[GPT_POSITION_STATE] = embedded.state;
      }
      const chunkSize = options.chunkSize ?? (initial ? seq : undefined);
      for (let layer = 0; layer < config.layers; layer++) {
        if (!attention) {
          x = mlpBlock(b, x, params, layer);
          continue;
        }
        if (options.onAttentionInput) {
          const { ln1 } = blockParams(params, layer);
          options.onAttentionInput(layer, b.layerNorm(x, ln1.gamma, ln1.beta, 1e-5));
        }
        const prefix = `${layer}.`;
        const layerState = initial
          ? Object.fromEntries(
              Object.entries(initial)
                .filter(([name]) => name.startsWith(prefix))
                .map(([name, v]) => [name.slice(prefix.length), v]),
            )
          : undefined;
        const block = transformerBlock(b, x, blockParams(params, layer), {
          ...attention,
          causal: true,
          ...(chunkSize ? { form: 'chunked' as const, chunkSize } : {}),
          ...(layerState ? { initialState: layerState } : {}),
        });
        x = block.out;
        for (const [name, value] of Object.entries(block.state ?? {})) state[`${layer}.${name}`] = value;
      }
      return { logits: head(b, params, selectRows(b, x, options.logitRows)), state };
    },
    stateSpecs(batch) {
      const specs: LmStateSpec[] = [];
      if (positions === 'recurrent')
        specs.push({ name: GPT_POSITION_STATE, shape: [batch, config.dModel], initial: 0 });
      if (positions === 'learned') specs.push({ name: GPT_TOKEN_INDEX_STATE, shape: [1], initial: 0 });
      if (!mechanism) return specs;
      const merged = { ...mechanism.defaultOptions, ...config.mechanismOptions };
      for (let layer = 0; layer < config.layers; layer++) {
        const initial = emptyState(mechanism, merged, batch, config);
        for (const spec of layerStateSpecs(batch, layer)) {
          if (spec.dtype !== 'float32')
            throw new InvalidArgumentError(`gpt: state '${spec.name}' of ${mechanism.name} is ${spec.dtype}`);
          const start = initial[spec.name];
          specs.push({
            name: `${layer}.${spec.name}`,
            shape: spec.shape,
            initial: start?.size ? Number(start.data[0]) : 0,
          });
        }
      }
      return specs;
    },
    step(b, params, ids, state) {
      let x = embedding(b, params.tok_emb!, ids);
      const next: Record<string, Value> = {};
      if (positions === 'learned') {
        const index = state[GPT_TOKEN_INDEX_STATE]!;
        const row = b.gather(params.pos_emb!, b.cast(index, 'int32'), 0);
        x = b.add(x, b.reshape(row, [1, 1, config.dModel]));
        next[GPT_TOKEN_INDEX_STATE] = b.add(index, 1);
      } else if (positions === 'recurrent') {
        const embedded = recurrentPositionStep(b, x, positionParams(params), state[GPT_POSITION_STATE]!);
        x = embedded.out;
        next[GPT_POSITION_STATE] = embedded.state;
      }
      for (let layer = 0; layer < config.layers; layer++) {
        if (!attention) {
          x = mlpBlock(b, x, params, layer);
          continue;
        }
        const prefix = `${layer}.`;
        const past = Object.fromEntries(
          Object.entries(state)
            .filter(([name]) => name.startsWith(prefix))
            .map(([name, v]) => [name.slice(prefix.length), v]),
        );
        const out = transformerBlockStep(b, x, blockParams(params, layer), past, attention);
        x = out.out;
        for (const [name, value] of Object.entries(out.state)) next[`${prefix}${name}`] = value;
      }
      return { logits: head(b, params, x), state: next };
    },
  };
  return model;
}

/**
 * The mechanism's state before any token, where it has one. LLN without frozen scales has none: its
 * scales come from the first pass, so its decode always starts from a prefill (LmSession's does).
 */
function emptyState(
  mechanism: ReturnType<typeof getMechanism>,
  options: object,
  batch: number,
  config: GptConfig,
): Readonly<Record<string, { readonly size: number; readonly data: ArrayLike<number> }>> {
  const d = config.dModel / config.heads;
  try {
    return mechanism.initialState({ batch, heads: config.heads, dk: d, dv: d }, options);
  } catch {
    return {};
  }
}

/** Logits [batch, seq, vocab] for int32 tokens [batch, seq]. */
export function gptLogits(b: GraphBuilder, config: GptConfig, params: GptParamValues, tokens: Value): Value {
  return gptLm(config).forward(b, params, tokens).logits;
}

/**
 * The training forward graph: params + tokens, targets [batch, seq] int32 and loss_weights
 * [batch, seq] float32 -> `loss` (scalar mean cross-entropy over weighted positions).
 */
export function buildGptLossGraph(config: GptConfig, batch: number): Graph {
  return buildLmLossGraph(gptLm(config), { batch, seq: config.seq });
}

/** params + tokens [batch, seq] -> logits [batch, seq, vocab]. */
export function buildGptLogitsGraph(config: GptConfig, batch: number, seq = config.seq): Graph {
  const b = new GraphBuilder();
  const params = declareLmParams(b, gptLm(config));
  const tokens = b.input(TOKENS, 'int32', [batch, seq]);
  return b.build({ logits: gptLogits(b, config, params, tokens) });
}
