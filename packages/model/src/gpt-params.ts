import { getMechanism, Tensor } from '@constant-attention/core';
import { ffnHidden, type GptConfig } from './gpt-config.js';
import { SeededRandom } from './prng.js';

export type ParamInit = 'normal' | 'residual-normal' | 'zeros' | 'ones';

export interface ParamSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly init: ParamInit;
  /** AdamW decays matrices only (embeddings included, as nanoGPT does); never gains or biases. */
  readonly decay: boolean;
}

export function blockPrefix(layer: number): string {
  return `blocks.${layer}`;
}

/** Every trainable tensor, in a fixed order (the order init draws random numbers in). */
export function gptParamSpecs(config: GptConfig): ParamSpec[] {
  const { vocab, seq, dModel, heads, layers } = config;
  const hidden = ffnHidden(config);
  const gate = getMechanism(config.mechanism).usesGate;
  const specs: ParamSpec[] = [
    { name: 'tok_emb', shape: [vocab, dModel], init: 'normal', decay: true },
    { name: 'pos_emb', shape: [seq, dModel], init: 'normal', decay: true },
  ];
  const matrix = (name: string, shape: number[], init: ParamInit = 'normal') =>
    specs.push({ name, shape, init, decay: true });
  const vector = (name: string, size: number, init: ParamInit) =>
    specs.push({ name, shape: [size], init, decay: false });
  for (let layer = 0; layer < layers; layer++) {
    const p = blockPrefix(layer);
    vector(`${p}.ln1.gamma`, dModel, 'ones');
    vector(`${p}.ln1.beta`, dModel, 'zeros');
    matrix(`${p}.attn.wq`, [dModel, dModel]);
    matrix(`${p}.attn.wk`, [dModel, dModel]);
    matrix(`${p}.attn.wv`, [dModel, dModel]);
    matrix(`${p}.attn.wo`, [dModel, dModel], 'residual-normal');
    if (gate) matrix(`${p}.attn.wg`, [dModel, heads]);
    vector(`${p}.ln2.gamma`, dModel, 'ones');
    vector(`${p}.ln2.beta`, dModel, 'zeros');
    matrix(`${p}.ffn.w1`, [dModel, hidden]);
    vector(`${p}.ffn.b1`, hidden, 'zeros');
    matrix(`${p}.ffn.w2`, [hidden, dModel], 'residual-normal');
    vector(`${p}.ffn.b2`, dModel, 'zeros');
  }
  vector('ln_f.gamma', dModel, 'ones');
  vector('ln_f.beta', dModel, 'zeros');
  return specs;
}

/**
 * Deterministic GPT-2 init from a seed: N(0, initStd) for weights and embeddings, the residual
 * output projections (attn.wo, ffn.w2) scaled by 1/sqrt(2 layers), zero biases, unit LN gains.
 */
export function initGptParams(config: GptConfig, seed: number): Record<string, Tensor> {
  const random = new SeededRandom(seed);
  const std = config.initStd ?? 0.02;
  const residualStd = std / Math.sqrt(2 * config.layers);
  const params: Record<string, Tensor> = {};
  for (const spec of gptParamSpecs(config)) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    if (spec.init === 'ones') data.fill(1);
    if (spec.init === 'normal' || spec.init === 'residual-normal') {
      const s = spec.init === 'normal' ? std : residualStd;
      for (let i = 0; i < size; i++) data[i] = random.normal() * s;
    }
    params[spec.name] = new Tensor('float32', spec.shape, data);
  }
  return params;
}

export function decayedParamNames(config: GptConfig): string[] {
  return gptParamSpecs(config)
    .filter((s) => s.decay)
    .map((s) => s.name);
}
