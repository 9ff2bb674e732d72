import {
  embedding,
  type Graph,
  GraphBuilder,
  type MultiHeadAttentionParams,
  type StateValues,
  type TransformerBlockParams,
  tiedLogits,
  transformerBlock,
  type Value,
} from '@constant-attention/core';
import { crossEntropyLoss } from './cross-entropy.js';
import { checkGptConfig, type GptConfig } from './gpt-config.js';
import { blockPrefix, gptParamSpecs } from './gpt-params.js';

/** Batch input names of the training (loss) graph. */
export const TOKENS = 'tokens';
export const TARGETS = 'targets';
export const LOSS_WEIGHTS = 'loss_weights';

export type GptParamValues = Readonly<Record<string, Value>>;

/** Declares every parameter as a float32 graph input named as in gptParamSpecs. */
export function declareGptParams(b: GraphBuilder, config: GptConfig): GptParamValues {
  return Object.fromEntries(gptParamSpecs(config).map((s) => [s.name, b.input(s.name, 'float32', s.shape)]));
}

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

/**
 * The model over int32 tokens [batch, seq] (seq <= config.seq, concrete): logits [batch, seq, vocab]
 * and each layer's attention state after the last token (the causal parallel form returns it).
 */
export function gptBlocks(
  b: GraphBuilder,
  config: GptConfig,
  params: GptParamValues,
  tokens: Value,
): { readonly logits: Value; readonly states: readonly StateValues[] } {
  const seq = tokens.dim(1) as number;
  const positions = seq === config.seq ? params.pos_emb! : b.slice(params.pos_emb!, [0], [0], [seq]);
  let x = b.add(embedding(b, params.tok_emb!, tokens), positions);
  const states: StateValues[] = [];
  for (let layer = 0; layer < config.layers; layer++) {
    const block = transformerBlock(b, x, blockParams(params, layer), {
      mechanism: config.mechanism,
      heads: config.heads,
      causal: true,
      ...(config.mechanismOptions ? { mechanismOptions: config.mechanismOptions } : {}),
    });
    x = block.out;
    states.push(block.state ?? {});
  }
  const normed = b.layerNorm(x, params['ln_f.gamma']!, params['ln_f.beta']!, 1e-5);
  return { logits: tiedLogits(b, normed, params.tok_emb!), states };
}

/** Logits [batch, seq, vocab] for int32 tokens [batch, seq]. */
export function gptLogits(b: GraphBuilder, config: GptConfig, params: GptParamValues, tokens: Value): Value {
  return gptBlocks(b, config, params, tokens).logits;
}

/**
 * The training forward graph: params + tokens, targets [batch, seq] int32 and loss_weights
 * [batch, seq] float32 -> `loss` (scalar mean cross-entropy over weighted positions).
 */
export function buildGptLossGraph(config: GptConfig, batch: number): Graph {
  checkGptConfig(config);
  const b = new GraphBuilder();
  const params = declareGptParams(b, config);
  const tokens = b.input(TOKENS, 'int32', [batch, config.seq]);
  const targets = b.input(TARGETS, 'int32', [batch, config.seq]);
  const weights = b.input(LOSS_WEIGHTS, 'float32', [batch, config.seq]);
  const logits = gptLogits(b, config, params, tokens);
  return b.build({ loss: crossEntropyLoss(b, logits, targets, weights) });
}

/** params + tokens [batch, seq] -> logits [batch, seq, vocab]. */
export function buildGptLogitsGraph(config: GptConfig, batch: number, seq = config.seq): Graph {
  checkGptConfig(config);
  const b = new GraphBuilder();
  const params = declareGptParams(b, config);
  const tokens = b.input(TOKENS, 'int32', [batch, seq]);
  return b.build({ logits: gptLogits(b, config, params, tokens) });
}
