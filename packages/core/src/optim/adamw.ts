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
  /** grad * grad when the graph already has it (gradient clipping squares every gradient too). */
  readonly gradSquare?: Value;
}

export interface AdamWUpdate {
  readonly param: Value;
  readonly m: Value;
  readonly v: Value;
}

/**
 * Adds the AdamW update to a graph. `step` is the float32 scalar count of updates already made (0 on
 * the first call); the caller feeds back `step + 1`. `lr` is a float32 scalar graph input, so a host
 * schedule sets it exactly for every step without recompiling. `gradScale`, a scalar, multiplies every
 * gradient first (the factor of global-norm clipping).
 *
 * Each full-size operation is a pass over memory on a CPU, and the update runs over every parameter
 * each step, so every scalar factor is folded into a scalar computed once: with s = sqrt(1 - b2^t),
 *   m' = b1 m + ((1 - b1) f) g,  v' = b2 v + ((1 - b2) f^2) g^2,
 *   p' = p (1 - lr wd) - m' (lr s / (1 - b1^t)) / (sqrt(v') + eps s),
 * which is the update above (as torch.optim.AdamW computes it): 12 passes per parameter where the
 * textbook order takes 15, and clipping adds 1 (the sum of the squares it shares) where it took 3. Parameters are updated as flat 1-D views, which every
 * backend's elementwise kernels walk as one contiguous run.
 */
export function adamwUpdate(
  b: GraphBuilder,
  slots: readonly AdamWSlot[],
  step: Value,
  lr: Value,
  options: ResolvedAdamWOptions,
  gradScale?: Value,
): { readonly slots: readonly AdamWUpdate[]; readonly step: Value } {
  const { beta1, beta2, eps, weightDecay } = options;
  const t = b.add(step, 1);
  const correction1 = b.sub(1, b.pow(b.scalar(beta1), t));
  const root2 = b.sqrt(b.sub(1, b.pow(b.scalar(beta2), t)));
  const mScale = gradScale ? b.mul(gradScale, 1 - beta1) : b.scalar(1 - beta1);
  const vScale = gradScale ? b.mul(b.mul(gradScale, gradScale), 1 - beta2) : b.scalar(1 - beta2);
  const stepSize = b.div(b.mul(lr, root2), correction1);
  const epsHat = b.mul(root2, eps);
  const decayFactor = weightDecay > 0 ? b.sub(1, b.mul(lr, weightDecay)) : undefined;
  const updated = slots.map(({ name, param, grad, m, v, gradSquare }) => {
    const { flat, back } = flatViews(b, param.shape);
    const g = flat(grad);
    // The last op of each result runs in the parameter's shape, so it writes the output itself: a
    // reshape of a graph output is a copy on ORT (3 x 13 MB a step for the bench's GPT).
    const mOut = b.add(back(b.mul(flat(m), beta1)), back(b.mul(g, mScale)));
    const squares = gradSquare ? flat(gradSquare) : b.mul(g, g);
    const vOut = b.add(back(b.mul(flat(v), beta2)), back(b.mul(squares, vScale)));
    const direction = b.div(b.mul(flat(mOut), stepSize), b.add(b.sqrt(flat(vOut)), epsHat));
    const decayed = decayFactor && options.decays(name) ? back(b.mul(flat(param), decayFactor)) : param;
    return { param: b.sub(decayed, back(direction)), m: mOut, v: vOut };
  });
  return { slots: updated, step: t };
}

/**
 * `flat`: a value of `shape` as a 1-D view, when the shape is concrete and of rank >= 2 (otherwise the
 * value itself); `back`: such a view in `shape` again.
 */
export function flatViews(
  b: GraphBuilder,
  shape: Value['shape'],
): { readonly flat: (x: Value) => Value; readonly back: (x: Value) => Value } {
  const same = (x: Value) => x;
  if (shape.length < 2 || !shape.every((d) => typeof d === 'number')) return { flat: same, back: same };
  const size = (shape as readonly number[]).reduce((a, d) => a * d, 1);
  return { flat: (x) => b.reshape(x, [size]), back: (x) => b.reshape(x, shape) };
}
