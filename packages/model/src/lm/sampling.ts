import { InvalidArgumentError } from '@constant-attention/core';

export interface SamplingOptions {
  /** 0 is greedy (argmax). Default 1. */
  readonly temperature?: number;
  /** Keep the k most likely tokens. Default: all. */
  readonly topK?: number;
  /** Keep the smallest set of most likely tokens whose probability reaches p, in (0, 1]. Default 1. */
  readonly topP?: number;
}

/** Throws InvalidArgumentError naming the first bad option; no option is ever ignored. */
export function checkSamplingOptions(options: SamplingOptions, vocab: number): void {
  const { temperature, topK, topP } = options;
  if (temperature !== undefined && !(Number.isFinite(temperature) && temperature >= 0))
    throw new InvalidArgumentError(`temperature must be a finite number >= 0, got ${temperature}`);
  if (topK !== undefined && !(Number.isSafeInteger(topK) && topK >= 1 && topK <= vocab))
    throw new InvalidArgumentError(`topK must be an integer in [1, ${vocab}], got ${topK}`);
  if (topP !== undefined && !(Number.isFinite(topP) && topP > 0 && topP <= 1))
    throw new InvalidArgumentError(`topP must be in (0, 1], got ${topP}`);
}

function argmax(logits: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
  return best;
}

/**
 * Picks the next token from logits: greedy at temperature 0, else a draw from softmax(logits / T)
 * restricted to the top-k and then the top-p nucleus. `uniform` is a draw in [0, 1), from a seeded
 * generator so that a seed reproduces the text.
 */
export function sampleToken(
  logits: ArrayLike<number>,
  options: SamplingOptions,
  uniform: () => number,
): number {
  const temperature = options.temperature ?? 1;
  if (temperature === 0) return argmax(logits);
  const order = Array.from({ length: logits.length }, (_, i) => i).sort(
    (a, b) => logits[b]! - logits[a]! || a - b,
  );
  const kept = order.slice(0, options.topK ?? order.length);
  const top = logits[kept[0]!]!;
  // Max-shifted, so the largest weight is exactly 1 and nothing overflows at any temperature.
  const weights = kept.map((i) => Math.exp((logits[i]! - top) / temperature));
  let total = weights.reduce((a, b) => a + b, 0);
  const topP = options.topP ?? 1;
  if (topP < 1) {
    let mass = 0;
    let count = 0;
    while (count < weights.length && mass < topP * total) mass += weights[count++]!;
    weights.length = count;
    total = mass;
  }
  let r = uniform() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i]!;
    if (r < 0) return kept[i]!;
  }
  return kept[weights.length - 1]!;
}
