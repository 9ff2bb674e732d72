import { getMechanism, type Tensor } from '@constant-attention/core';
import { ffnHidden, type GptConfig, gptHasAttention, gptPositions } from './gpt-config.js';
import { initParams, type LmParamSpec } from './lm/param-spec.js';

export type ParamSpec = LmParamSpec;

export function blockPrefix(layer: number): string {
  return `blocks.${layer}`;
}

/**
 * Every trainable tensor, in a fixed order (the order init draws random numbers in). GPT-2's init:
 * N(0, initStd) for weights and embeddings, the residual output projections (attn.wo, ffn.w2) scaled by
 * 1/sqrt(2 layers), zero biases, unit LN gains. The recurrent position embedding's dense layer starts
 * as PyTorch's nn.Linear does, as in Heinsen's reference. AdamW decays matrices and embeddings only.
 * Without attention a block has no ln1 and attn.* tensors; the rest keep their names.
 */
export function gptParamSpecs(config: GptConfig): ParamSpec[] {
  const { vocab, seq, dModel, heads, layers } = config;
  const hidden = ffnHidden(config);
  const attention = gptHasAttention(config);
  const gate = attention && getMechanism(config.mechanism).usesGate;
  const std = config.initStd ?? 0.02;
  const normal = { kind: 'normal', std } as const;
  const residual = { kind: 'normal', std: std / Math.sqrt(2 * layers) } as const;
  const specs: ParamSpec[] = [{ name: 'tok_emb', shape: [vocab, dModel], init: normal, decay: true }];
  const positions = gptPositions(config);
  if (positions === 'learned')
    specs.push({ name: 'pos_emb', shape: [seq, dModel], init: normal, decay: true });
  if (positions === 'recurrent') {
    const bound = { kind: 'uniform', bound: 1 / Math.sqrt(dModel) } as const;
    specs.push({ name: 'embed_pos.dense.weight', shape: [2 * dModel, dModel], init: bound, decay: true });
    specs.push({ name: 'embed_pos.dense.bias', shape: [2 * dModel], init: bound, decay: false });
  }
  const matrix = (name: string, shape: number[], init: ParamSpec['init'] = normal) =>
    specs.push({ name, shape, init, decay: true });
  const vector = (name: string, size: number, value: number) =>
    specs.push({ name, shape: [size], init: { kind: 'constant', value }, decay: false });
  for (let layer = 0; layer < layers; layer++) {
    const p = blockPrefix(layer);
    if (attention) {
      vector(`${p}.ln1.gamma`, dModel, 1);
      vector(`${p}.ln1.beta`, dModel, 0);
      matrix(`${p}.attn.wq`, [dModel, dModel]);
      matrix(`${p}.attn.wk`, [dModel, dModel]);
      matrix(`${p}.attn.wv`, [dModel, dModel]);
      matrix(`${p}.attn.wo`, [dModel, dModel], residual);
      if (gate) matrix(`${p}.attn.wg`, [dModel, heads]);
    }
    vector(`${p}.ln2.gamma`, dModel, 1);
    vector(`${p}.ln2.beta`, dModel, 0);
    matrix(`${p}.ffn.w1`, [dModel, hidden]);
    vector(`${p}.ffn.b1`, hidden, 0);
    matrix(`${p}.ffn.w2`, [hidden, dModel], residual);
    vector(`${p}.ffn.b2`, dModel, 0);
  }
  vector('ln_f.gamma', dModel, 1);
  vector('ln_f.beta', dModel, 0);
  return specs;
}

/** Deterministic init from a seed (see gptParamSpecs). */
export function initGptParams(config: GptConfig, seed: number): Record<string, Tensor> {
  return initParams(gptParamSpecs(config), seed);
}

export function decayedParamNames(config: GptConfig): string[] {
  return gptParamSpecs(config)
    .filter((s) => s.decay)
    .map((s) => s.name);
}
