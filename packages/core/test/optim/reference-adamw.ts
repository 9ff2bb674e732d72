import { mulberry32 } from '../support/mulberry32.js';
/** Plain float64 AdamW, written from the paper / torch docs, independent of the graph code. */
export interface JsAdamWState {
  m: Float64Array;
  v: Float64Array;
  t: number;
}

export interface JsAdamWSettings {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
}

export function jsAdamWStep(
  param: Float64Array,
  grad: ArrayLike<number>,
  state: JsAdamWState,
  s: JsAdamWSettings,
): Float64Array<ArrayBuffer> {
  state.t += 1;
  const out = new Float64Array(param.length);
  for (let i = 0; i < param.length; i++) {
    const g = grad[i]!;
    state.m[i] = s.beta1 * state.m[i]! + (1 - s.beta1) * g;
    state.v[i] = s.beta2 * state.v[i]! + (1 - s.beta2) * g * g;
    const mHat = state.m[i]! / (1 - s.beta1 ** state.t);
    const vHat = state.v[i]! / (1 - s.beta2 ** state.t);
    // torch.optim.AdamW: decay first (p *= 1 - lr wd), then the Adam step.
    const decayed = param[i]! * (1 - s.lr * s.weightDecay);
    out[i] = decayed - (s.lr * mHat) / (Math.sqrt(vHat) + s.eps);
  }
  return out;
}

/** torch.nn.utils.clip_grad_norm_: total L2 norm, scale by min(1, max / (norm + 1e-6)). */
export function jsClipByGlobalNorm(
  grads: Float64Array[],
  maxNorm: number,
): { grads: Float64Array[]; norm: number } {
  let sum = 0;
  for (const g of grads) for (const x of g) sum += x * x;
  const norm = Math.sqrt(sum);
  const factor = Math.min(1, maxNorm / (norm + 1e-6));
  return { grads: grads.map((g) => g.map((x) => x * factor)), norm };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

/** Kept under this name for the AdamW tests. */
export { mulberry32 as uniform };

export function randomArray(size: number, random: () => number, scale = 1): Float64Array<ArrayBuffer> {
  return Float64Array.from({ length: size }, () => (2 * random() - 1) * scale);
}
