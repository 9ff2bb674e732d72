import { Tensor } from '@constant-attention/core';
import type { SeededRandom } from './prng.js';

export interface CopyTaskOptions {
  readonly vocab: number;
  readonly seq: number;
  readonly batch: number;
  /** The target at position t is the input token at t - lag. */
  readonly lag: number;
}

/**
 * A synthetic task that needs attention: uniform random tokens, and the model must output the token
 * seen `lag` positions back. Positions t < lag have nothing to copy and weight 0, so the loss of a
 * model that has not learned the task is about ln(vocab).
 */
export function copyTaskBatch(options: CopyTaskOptions, random: SeededRandom): Record<string, Tensor> {
  const { vocab, seq, batch, lag } = options;
  const tokens = new Int32Array(batch * seq);
  const targets = new Int32Array(batch * seq);
  const weights = new Float32Array(batch * seq);
  for (let i = 0; i < tokens.length; i++) tokens[i] = random.int(vocab);
  for (let row = 0; row < batch; row++) {
    for (let t = lag; t < seq; t++) {
      targets[row * seq + t] = tokens[row * seq + t - lag]!;
      weights[row * seq + t] = 1;
    }
  }
  return {
    tokens: new Tensor('int32', [batch, seq], tokens),
    targets: new Tensor('int32', [batch, seq], targets),
    loss_weights: new Tensor('float32', [batch, seq], weights),
  };
}
