import { InvalidArgumentError } from '@constant-attention/core';
import type { Tokenizer } from '../tokenizer/tokenizer.js';
import { type GenerateTokensOptions, generateTokens } from './generate-tokens.js';
import type { LmSession } from './lm-session.js';

export interface GenerateTextOptions extends GenerateTokensOptions {
  /** Generation ends before the first of these strings; the string itself is not returned. */
  readonly stop?: readonly string[];
  /** Called with each decode step's wall time, in order. */
  readonly onStep?: (ms: number) => void;
}

/** Length of the longest suffix of `text` that is a proper prefix of some stop string. */
function pendingStopPrefix(text: string, stops: readonly string[]): number {
  let longest = 0;
  for (const stop of stops)
    for (let n = Math.min(stop.length - 1, text.length); n > longest; n--)
      if (text.endsWith(stop.slice(0, n))) {
        longest = n;
        break;
      }
  return longest;
}

/**
 * Streams text: `for await (const piece of generateText(session, tokenizer, prompt, options))`.
 * Bytes of a multi-byte character split across tokens are held back until the character is whole, and
 * text that may begin a stop string is held back until it is known not to.
 */
export async function* generateText(
  session: LmSession,
  tokenizer: Tokenizer,
  prompt: string,
  options: GenerateTextOptions,
): AsyncGenerator<string> {
  const stops = options.stop ?? [];
  if (!Array.isArray(stops) || stops.some((s) => typeof s !== 'string' || s.length === 0))
    throw new InvalidArgumentError('stop must be a list of non-empty strings');
  if (tokenizer.vocabSize !== session.model.vocab)
    throw new InvalidArgumentError(
      `the tokenizer's vocab ${tokenizer.vocabSize} does not match the model's ${session.model.vocab}`,
    );
  const decoder = tokenizer.createStreamDecoder();
  let text = '';
  let emitted = 0;
  const release = function* (final: boolean): Generator<string, boolean> {
    const from = Math.max(0, emitted - Math.max(0, ...stops.map((s) => s.length)));
    let cut = -1;
    for (const stop of stops) {
      const at = text.indexOf(stop, from);
      if (at >= 0 && (cut < 0 || at < cut)) cut = at;
    }
    const end = cut >= 0 ? cut : final ? text.length : text.length - pendingStopPrefix(text, stops);
    if (end > emitted) yield text.slice(emitted, end);
    emitted = Math.max(emitted, end);
    return cut >= 0;
  };
  for await (const { token, ms } of generateTokens(session, tokenizer.encode(prompt), options)) {
    options.onStep?.(ms);
    text += decoder.push(token);
    if (yield* release(false)) return;
  }
  text += decoder.flush();
  yield* release(true);
}
