import { InvalidArgumentError } from '@constant-attention/core';
import { SeededRandom } from '../prng.js';
import type { LmSession } from './lm-session.js';
import { checkSamplingOptions, type SamplingOptions, sampleToken } from './sampling.js';

export interface GenerateTokensOptions extends SamplingOptions {
  /** How many tokens to generate at most. */
  readonly maxNewTokens: number;
  /** Seed of the sampler; the same seed gives the same tokens on the same backend. Default 0. */
  readonly seed?: number;
  /** Stops before the next token once aborted. */
  readonly signal?: AbortSignal;
}

export interface GeneratedToken {
  readonly token: number;
  /** Wall time of the decode step that fed this token into the state and made the next logits. */
  readonly ms: number;
}

export function checkGenerateOptions(options: GenerateTokensOptions, vocab: number): void {
  if (typeof options !== 'object' || options === null)
    throw new InvalidArgumentError('generate: options must be an object');
  const { maxNewTokens, seed } = options;
  if (!Number.isSafeInteger(maxNewTokens) || maxNewTokens < 0)
    throw new InvalidArgumentError(`maxNewTokens must be an integer >= 0, got ${maxNewTokens}`);
  if (seed !== undefined && !(Number.isSafeInteger(seed) && seed >= 0 && seed <= 0xffffffff))
    throw new InvalidArgumentError(`seed must be an integer in [0, 2^32), got ${seed}`);
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal))
    throw new InvalidArgumentError('signal must be an AbortSignal');
  checkSamplingOptions(options, vocab);
}

/**
 * Feeds the prompt (chunked prefill where the model allows), then samples a token, feeds it back with
 * one decode step, and yields it: every yielded token is already in the session's state, so a later
 * call continues the same text. The prompt may be empty when the session already holds context.
 */
export async function* generateTokens(
  session: LmSession,
  prompt: readonly number[],
  options: GenerateTokensOptions,
): AsyncGenerator<GeneratedToken> {
  checkGenerateOptions(options, session.model.vocab);
  if (prompt.length === 0 && session.lastLogits === undefined)
    throw new InvalidArgumentError('generate: the prompt is empty and the session holds no context');
  const random = new SeededRandom(options.seed ?? 0);
  const uniform = () => random.next();
  let logits = prompt.length > 0 ? await session.feed(prompt) : session.lastLogits!;
  for (let i = 0; i < options.maxNewTokens; i++) {
    if (options.signal?.aborted) return;
    const token = sampleToken(logits, options, uniform);
    const started = performance.now();
    logits = await session.feed([token]);
    yield { token, ms: performance.now() - started };
  }
}
