import type { LmParamSpec } from '../lm/param-spec.js';
import { type HeinsenLmConfig, qkvWidth } from './heinsen-lm-config.js';

export const layerPrefix = (layer: number) => `layers.${layer}`;

/**
 * The reference's state_dict names and layouts (Linear weights are [out, in]), so its PyTorch weights
 * load as they are and ours load in PyTorch. Init follows the reference: embeddings U(-1, 1)/sqrt(d),
 * nn.Linear's default U(+-1/sqrt(fan_in)) for weights and biases, LayerNorm 1 and 0. Decay groups
 * follow its get_param_groups: Embedding and Linear weights decay, biases and LayerNorms do not.
 */
export function heinsenLmParamSpecs(config: HeinsenLmConfig): LmParamSpec[] {
  const { vocab, dEmb, heads, dVal } = config;
  const specs: LmParamSpec[] = [];
  const linear = (name: string, out: number, inp: number, bias: boolean) => {
    const bound = 1 / Math.sqrt(inp);
    specs.push({ name: `${name}.weight`, shape: [out, inp], init: { kind: 'uniform', bound }, decay: true });
    if (bias)
      specs.push({ name: `${name}.bias`, shape: [out], init: { kind: 'uniform', bound }, decay: false });
  };
  const layerNorm = (name: string) => {
    specs.push({ name: `${name}.weight`, shape: [dEmb], init: { kind: 'constant', value: 1 }, decay: false });
    specs.push({ name: `${name}.bias`, shape: [dEmb], init: { kind: 'constant', value: 0 }, decay: false });
  };
  specs.push({
    name: 'embed.weight',
    shape: [vocab, dEmb],
    init: { kind: 'uniform', bound: 1 / Math.sqrt(dEmb) },
    decay: true,
  });
  linear('embed_pos.dense', 2 * dEmb, dEmb, true);
  for (let layer = 0; layer < config.layers; layer++) {
    const p = layerPrefix(layer);
    layerNorm(`${p}.feedforward1.0`);
    linear(`${p}.feedforward1.1`, qkvWidth(config), dEmb, true);
    linear(`${p}.feedforward2.0`, 2 * dEmb, heads * dVal, true);
    linear(`${p}.feedforward2.2`, dEmb, dEmb, false);
  }
  layerNorm('lnorm');
  return specs;
}
