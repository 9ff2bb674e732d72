/** The checkpoints packages/model ships, served by the app as its own assets (vite/static-assets.ts). */
export interface ShippedCheckpoint {
  readonly id: 'heinsen-lm' | 'gpt-softmax';
  readonly folder: string;
  readonly label: string;
}

export const HEINSEN_LM: ShippedCheckpoint = {
  id: 'heinsen-lm',
  folder: 'checkpoints/heinsen-lm-sotu/',
  label: 'heinsen-lm (constant state, 1.78M params)',
};

export const GPT_SOFTMAX: ShippedCheckpoint = {
  id: 'gpt-softmax',
  folder: 'checkpoints/gpt-softmax-sotu/',
  label: 'gpt softmax (KV cache, 1.90M params)',
};

export const SHIPPED: readonly ShippedCheckpoint[] = [HEINSEN_LM, GPT_SOFTMAX];
