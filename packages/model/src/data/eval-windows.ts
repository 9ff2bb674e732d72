import { InvalidArgumentError } from '@constant-attention/core';

export interface EvalWindow {
  /** int32 [seq]. */
  readonly tokens: Int32Array;
  /** int32 [seq], tokens shifted by one. */
  readonly targets: Int32Array;
  /** float32 [seq]: 1 where the target is real, 0 on the final window's padding (for loss_weights). */
  readonly weights: Float32Array;
  /** How many targets are real: seq, except possibly in the last window. */
  readonly count: number;
}

/**
 * Consecutive non-overlapping windows that predict every token after the first exactly once, for
 * held-out loss: window i has inputs tokens[i seq .. i seq + seq - 1] and targets one further on. The
 * last window is zero-padded to seq with weight 0 on the padding; padding comes after the real
 * positions, so under causal attention it cannot change their predictions. Sum count * mean loss over
 * windows, divided by tokens.length - 1, is the per-token held-out loss.
 */
export function evalWindows(tokens: ArrayLike<number>, seq: number): Generator<EvalWindow> {
  if (!Number.isSafeInteger(seq) || seq < 1) {
    throw new InvalidArgumentError(`evalWindows seq must be a positive integer, got ${seq}`);
  }
  return windows(tokens, seq);
}

// Separate so that a bad seq throws at the call, not at the first iteration.
function* windows(tokens: ArrayLike<number>, seq: number): Generator<EvalWindow> {
  const predicted = Math.max(tokens.length - 1, 0);
  for (let start = 0; start < predicted; start += seq) {
    const count = Math.min(seq, predicted - start);
    const window = {
      tokens: new Int32Array(seq),
      targets: new Int32Array(seq),
      weights: new Float32Array(seq),
    };
    for (let t = 0; t < count; t++) {
      window.tokens[t] = tokens[start + t]!;
      window.targets[t] = tokens[start + t + 1]!;
      window.weights[t] = 1;
    }
    yield { ...window, count };
  }
}
