import { InvalidArgumentError } from '@constant-attention/core';
import { SeededRandom } from '../prng.js';

export interface TokenBatch {
  /** int32 [batch, seq], row-major. */
  readonly tokens: Int32Array;
  /** tokens shifted by one: targets[b, t] is the token after tokens[b, t]. */
  readonly targets: Int32Array;
}

export interface TokenBatcherOptions {
  readonly batch: number;
  readonly seq: number;
  /** Unsigned 32-bit integer seeding mulberry32. */
  readonly seed: number;
}

/** Enough to resume: the seed and how many batches were drawn. */
export interface TokenBatcherState {
  readonly seed: number;
  readonly drawn: number;
}

/**
 * Language-model training batches: `batch` windows of seq + 1 tokens at offsets drawn uniformly from
 * [0, tokens.length - seq - 1] by a seeded PRNG. Each batch consumes exactly `batch` draws, so a
 * restored batcher replays `drawn * batch` draws and continues with the batches the uninterrupted run
 * would have drawn.
 */
export class TokenBatcher {
  readonly batch: number;
  readonly seq: number;
  readonly seed: number;
  private readonly random: SeededRandom;
  private readonly offsets: number;
  private drawn = 0;

  constructor(
    private readonly source: ArrayLike<number>,
    { batch, seq, seed }: TokenBatcherOptions,
  ) {
    if (!Number.isSafeInteger(batch) || batch < 1) {
      throw new InvalidArgumentError(`TokenBatcher batch must be a positive integer, got ${batch}`);
    }
    if (!Number.isSafeInteger(seq) || seq < 1) {
      throw new InvalidArgumentError(`TokenBatcher seq must be a positive integer, got ${seq}`);
    }
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new InvalidArgumentError(`TokenBatcher seed must be an integer in [0, 2^32), got ${seed}`);
    }
    if (source.length < seq + 1) {
      throw new InvalidArgumentError(
        `TokenBatcher needs at least seq + 1 = ${seq + 1} tokens for one window, got ${source.length}`,
      );
    }
    this.batch = batch;
    this.seq = seq;
    this.seed = seed;
    this.random = new SeededRandom(seed);
    this.offsets = source.length - seq;
  }

  /** A batcher that continues where the one that reported `state` left off (same tokens and options). */
  static restore(
    tokens: ArrayLike<number>,
    options: Omit<TokenBatcherOptions, 'seed'>,
    state: TokenBatcherState,
  ): TokenBatcher {
    if (!Number.isSafeInteger(state.drawn) || state.drawn < 0) {
      throw new InvalidArgumentError(`TokenBatcher state.drawn must be a count, got ${state.drawn}`);
    }
    const batcher = new TokenBatcher(tokens, { ...options, seed: state.seed });
    for (let i = 0; i < state.drawn * batcher.batch; i++) batcher.random.next();
    batcher.drawn = state.drawn;
    return batcher;
  }

  state(): TokenBatcherState {
    return { seed: this.seed, drawn: this.drawn };
  }

  next(): TokenBatch {
    const { batch, seq, source } = this;
    const tokens = new Int32Array(batch * seq);
    const targets = new Int32Array(batch * seq);
    for (let b = 0; b < batch; b++) {
      const offset = this.random.int(this.offsets);
      for (let t = 0; t < seq; t++) {
        tokens[b * seq + t] = source[offset + t]!;
        targets[b * seq + t] = source[offset + t + 1]!;
      }
    }
    this.drawn++;
    return { tokens, targets };
  }
}
