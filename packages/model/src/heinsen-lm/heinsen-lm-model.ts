import { embedding, tiedLogits, type Value } from '@constant-attention/core';
import type { LanguageModel, LmStateSpec } from '../lm/language-model.js';
import { recurrentPositionParallel, recurrentPositionStep } from '../lm/recurrent-position.js';
import { selectRows } from '../lm/select-rows.js';
import { checkHeinsenLmConfig, type HeinsenLmConfig } from './heinsen-lm-config.js';
import { heinsenLmLayer, heinsenLmLayerStep } from './heinsen-lm-layer.js';
import { heinsenLmParamSpecs } from './heinsen-lm-params.js';

export const POSITION_STATE = 'embed_pos.pos';
const logHZ = (layer: number) => `${layer}.logHZ`;
const logHS = (layer: number) => `${layer}.logHS`;

/**
 * The Heinsen paper's generative language model (`heinsen-lm`), exactly as its reference defines it:
 * embedding, recurrent position embedding, residual layers of log-space causal attention and GLU,
 * final LayerNorm, head tied to the embedding. Its decode state is per layer the log sums
 * (log H_Z [b, h, d_k], log H_S [b, h, d_k, d_v]) and the position state [b, d_emb]: constant size.
 */
export function heinsenLm(config: HeinsenLmConfig): LanguageModel {
  checkHeinsenLmConfig(config);
  const position = (params: Readonly<Record<string, Value>>) => ({
    weight: params['embed_pos.dense.weight']!,
    bias: params['embed_pos.dense.bias']!,
  });
  const head = (
    b: Parameters<LanguageModel['forward']>[0],
    params: Readonly<Record<string, Value>>,
    x: Value,
  ) =>
    tiedLogits(
      b,
      b.layerNorm(x, params['lnorm.weight']!, params['lnorm.bias']!, 1e-5),
      params['embed.weight']!,
    );
  return {
    preset: 'heinsen-lm',
    vocab: config.vocab,
    continuesFromState: true,
    paramSpecs: () => heinsenLmParamSpecs(config),
    forward(b, params, tokens, options = {}) {
      const initial = options.initialState;
      const embedded = recurrentPositionParallel(
        b,
        embedding(b, params['embed.weight']!, tokens),
        position(params),
        initial?.[POSITION_STATE],
      );
      let x = embedded.out;
      const state: Record<string, Value> = { [POSITION_STATE]: embedded.state };
      for (let layer = 0; layer < config.layers; layer++) {
        const hook = options.onAttentionInput;
        const out = heinsenLmLayer(b, config, params, layer, x, {
          ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
          ...(initial ? { initial: { logHZ: initial[logHZ(layer)]!, logHS: initial[logHS(layer)]! } } : {}),
          ...(hook ? { onAttentionInput: (normed: Value) => hook(layer, normed) } : {}),
        });
        x = out.out;
        state[logHZ(layer)] = out.state.logHZ;
        state[logHS(layer)] = out.state.logHS;
      }
      return { logits: head(b, params, selectRows(b, x, options.logitRows)), state };
    },
    stateSpecs(batch) {
      const { heads, dKey, dVal, dEmb } = config;
      const specs: LmStateSpec[] = [{ name: POSITION_STATE, shape: [batch, dEmb], initial: 0 }];
      for (let layer = 0; layer < config.layers; layer++) {
        specs.push({ name: logHZ(layer), shape: [batch, heads, dKey], initial: Number.NEGATIVE_INFINITY });
        specs.push({
          name: logHS(layer),
          shape: [batch, heads, dKey, dVal],
          initial: Number.NEGATIVE_INFINITY,
        });
      }
      return specs;
    },
    step(b, params, ids, state) {
      const embedded = recurrentPositionStep(
        b,
        embedding(b, params['embed.weight']!, ids),
        position(params),
        state[POSITION_STATE]!,
      );
      let x = embedded.out;
      const next: Record<string, Value> = { [POSITION_STATE]: embedded.state };
      for (let layer = 0; layer < config.layers; layer++) {
        const from = { logHZ: state[logHZ(layer)]!, logHS: state[logHS(layer)]! };
        const out = heinsenLmLayerStep(b, config, params, layer, x, from);
        x = out.out;
        next[logHZ(layer)] = out.state.logHZ;
        next[logHS(layer)] = out.state.logHS;
      }
      return { logits: head(b, params, x), state: next };
    },
  };
}
