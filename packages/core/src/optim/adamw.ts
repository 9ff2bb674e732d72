import { InvalidArgumentError } from '../errors.js';
import type { GraphBuilder, Value } from '../ir/builder.js';

/**
 * AdamW with decoupled weight decay (Loshchilov & Hutter), the update torch.optim.AdamW makes:
 *   m' = b1 m + (1 - b1) g,  v' = b2 v + (1 - b2) g^2,  t' = t + 1
 *   p' = p (1 - lr wd) - lr (m' / (1 - b1^t')) / (sqrt(v' / (1 - b2^t')) + eps)
 */
export interface AdamWOptions {
  readonly beta1?: number;
  readonly beta2?: number;
  readonly eps?: number;
  readonly weightDecay?: number;
  /**
   * Which parameters decay: a name list or a predicate. Default: none, so that biases, gains and
   * embeddings are never decayed by accident; the model package decays matrices only.
   */
  readonly decay?: readonly string[] | ((name: string) => boolean);
}

export interface ResolvedAdamWOptions {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly decays: (name: string) => boolean;
}

export function resolveAdamWOptions(options: AdamWOptions = {}): ResolvedAdamWOptions {
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const eps = options.eps ?? 1e-8;
  const weightDecay = options.weightDecay ?? 0.01;
  for (const [key, value] of [
    ['beta1', beta1],
    ['beta2', beta2],
  ] as const) {
    if (!(value >= 0 && value < 1))
      throw new InvalidArgumentError(`AdamW: ${key} must be in [0, 1), got ${value}`);
  }
  if (!(eps > 0 && Number.isFinite(eps)))
    throw new InvalidArgumentError(`AdamW: eps must be > 0, got ${eps}`);
  if (!(weightDecay >= 0 && Number.isFinite(weightDecay))) {
    throw new InvalidArgumentError(`AdamW: weightDecay must be a finite number >= 0, got ${weightDecay}`);
  }
  const decay = options.decay ?? [];
  const decays = typeof decay === 'function' ? decay : (name: string) => decay.includes(name);
  return { beta1, beta2, eps, weightDecay, decays };
}

/** One parameter's slot in the update: its value, gradient and moment estimates. */
export interface AdamWSlot {
  readonly name: string;
  readonly param: Value;
  readonly grad: Value;
  readonly m: Value;
  readonly v: Value;
}

export interface AdamWUpdate {
  readonly param: Value;
  readonly m: Value;
  readonly v: Value;
}

/**
 * Adds the AdamW update to a graph. `step` is the float32 scalar count of updates already made (0 on
 * the first call); the caller feeds back `step + 1`. `lr` is a float32 scalar graph input, so a host
 * schedule sets it exactly for every step without recompiling.
 */
export function adamwUpdate(
  b: GraphBuilder,
  slots: readonly AdamWSlot[],
  step: Value,
  lr: Value,
  options: ResolvedAdamWOptions,
): { readonly slots: readonly AdamWUpdate[]; readonly step: Value } {
  const { beta1, beta2, eps, weightDecay } = options;
  const t = b.add(step, 1);
  const correction1 = b.sub(1, b.pow(b.scalar(beta1), t));
  const correction2 = b.sub(1, b.pow(b.scalar(beta2), t));
  const updated = slots.map(({ name, param, grad, m, v }) => {
    const m2 = b.add(b.mul(m, beta1), b.mul(grad, 1 - beta1));
    const v2 = b.add(b.mul(v, beta2), b.mul(b.mul(grad, grad), 1 - beta2));
    const direction = b.div(b.div(m2, correction1), b.add(b.sqrt(b.div(v2, correction2)), eps));
    const decayed =
      weightDecay > 0 && options.decays(name) ? b.mul(param, b.sub(1, b.mul(lr, weightDecay))) : param;
    return { param: b.sub(decayed, b.mul(lr, direction)), m: m2, v: v2 };
  });
  return { slots: updated, step: t };
}
