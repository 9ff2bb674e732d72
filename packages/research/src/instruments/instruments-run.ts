import {
  evaluate,
  GraphBuilder,
  getMechanism,
  momentMatchedScales,
  softmaxAttentionMatrix,
  Tensor,
} from '@constant-attention/core';
import { SeededRandom } from '@constant-attention/model';
import { type Concentration, concentration, normalizeRows } from './concentration.js';
import { probeAttentionMatrix } from './probe-attention-matrix.js';

export interface InstrumentsConfig {
  readonly mechanism: string;
  /** Std of every entry of q and k: the inverse temperature of the scores grows with its square. */
  readonly qk_std: number;
  readonly n: number;
  readonly d: number;
  readonly draws: number;
}

type Averaged = { [K in keyof Concentration]: Concentration[K] };

function gaussian(random: SeededRandom, std: number, n: number, d: number): Tensor {
  return Tensor.float32(
    Float32Array.from({ length: n * d }, () => std * random.normal()),
    [1, 1, n, d],
  );
}

/** LLN's alpha and beta, moment-matched to these q and k (core's formula, evaluated in float64). */
export function scales(q: Tensor, k: Tensor): { alpha: number; beta: number } {
  const b = new GraphBuilder();
  const s = momentMatchedScales(b, b.input('q', 'float32', q.shape), b.input('k', 'float32', k.shape));
  const out = evaluate(b.build({ alpha: s.alpha, beta: s.beta }), { q, k });
  return { alpha: Number(out.alpha!.data[0]), beta: Number(out.beta!.data[0]) };
}

export function softmaxRows(q: Tensor, k: Tensor, n: number) {
  const b = new GraphBuilder();
  const p = softmaxAttentionMatrix(b, b.input('q', 'float32', q.shape), b.input('k', 'float32', k.shape), {
    causal: false,
  });
  return normalizeRows(
    Float64Array.from(evaluate(b.build({ p }), { q, k }).p!.data as ArrayLike<number>, Number),
    n,
  );
}

/**
 * Instruments of one mechanism's attention matrix on random q and k (non-causal, one head), averaged
 * over `draws` draws; each draw's softmax matrix is the reference for the total variation distance.
 */
export function runInstruments(config: InstrumentsConfig, seed: number): Record<string, unknown> {
  const mechanism = getMechanism(config.mechanism);
  const random = new SeededRandom(seed);
  const sums: Record<string, number> = {};
  let signed = false;
  let alpha = 0;
  let beta = 0;
  for (let draw = 0; draw < config.draws; draw++) {
    const q = gaussian(random, config.qk_std, config.n, config.d);
    const k = gaussian(random, config.qk_std, config.n, config.d);
    const s = scales(q, k);
    alpha += s.alpha / config.draws;
    beta += s.beta / config.draws;
    const c = concentration(probeAttentionMatrix(mechanism, q, k), config.n, softmaxRows(q, k, config.n));
    signed ||= c.signed;
    for (const [key, value] of Object.entries(c))
      if (typeof value === 'number') sums[key] = (sums[key] ?? 0) + value / config.draws;
  }
  const averaged: Partial<Averaged> = signed
    ? { signed: true }
    : { signed: false, ...(sums as Omit<Averaged, 'signed'>) };
  return { ...averaged, lln_alpha: alpha, lln_beta: beta };
}
