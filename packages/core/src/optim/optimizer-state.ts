import { Tensor } from '../tensor/tensor.js';

/** Graph input names of the AdamW state; outputs carry the same names under UPDATED_PREFIX. */
export const ADAMW_STEP = 'adamw.step';

export function adamwMomentName(param: string): string {
  return `adamw.m.${param}`;
}

export function adamwVarianceName(param: string): string {
  return `adamw.v.${param}`;
}

/** The state before the first update: zero moments and step 0. */
export function initialAdamWState(
  params: Readonly<Record<string, readonly number[]>>,
): Record<string, Tensor> {
  const state: Record<string, Tensor> = { [ADAMW_STEP]: Tensor.zeros([]) };
  for (const [name, shape] of Object.entries(params)) {
    state[adamwMomentName(name)] = Tensor.zeros(shape);
    state[adamwVarianceName(name)] = Tensor.zeros(shape);
  }
  return state;
}
