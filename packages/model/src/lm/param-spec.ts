import { Tensor } from '@constant-attention/core';
import { SeededRandom } from '../prng.js';

/** How a parameter starts: the references' own inits, so a model trained here matches one trained there. */
export type ParamInit =
  | { readonly kind: 'normal'; readonly std: number }
  | { readonly kind: 'uniform'; readonly bound: number }
  | { readonly kind: 'constant'; readonly value: number };

export interface LmParamSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly init: ParamInit;
  /** AdamW weight decay applies to matrices and embeddings only, never to gains or biases. */
  readonly decay: boolean;
}

/** Every parameter drawn in spec order from one seeded stream, so a seed fixes the whole init. */
export function initParams(specs: readonly LmParamSpec[], seed: number): Record<string, Tensor> {
  const random = new SeededRandom(seed);
  const params: Record<string, Tensor> = {};
  for (const spec of specs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    const init = spec.init;
    if (init.kind === 'constant') data.fill(init.value);
    else if (init.kind === 'normal') for (let i = 0; i < size; i++) data[i] = random.normal() * init.std;
    else for (let i = 0; i < size; i++) data[i] = (2 * random.next() - 1) * init.bound;
    params[spec.name] = new Tensor('float32', spec.shape, data);
  }
  return params;
}

export function paramCount(specs: readonly LmParamSpec[]): number {
  return specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
}
