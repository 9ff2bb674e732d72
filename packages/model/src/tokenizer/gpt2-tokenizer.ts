import { Tiktoken } from 'js-tiktoken/lite';
import gpt2Ranks from 'js-tiktoken/ranks/gpt2';
import { TokenBytesDecoder } from './token-bytes-decoder.js';
import type { Tokenizer } from './tokenizer.js';

/** 50,000 merges + 256 bytes + <|endoftext|>. */
export const GPT2_VOCAB_SIZE = 50257;

let shared: { readonly tiktoken: Tiktoken; readonly bytes: readonly Uint8Array[] } | undefined;

/** Parsing the bundled ranks takes ~0.1-0.3 s, so it happens once, on first use. */
function gpt2Tables(): NonNullable<typeof shared> {
  shared ??= { tiktoken: new Tiktoken(gpt2Ranks), bytes: tokenBytes() };
  return shared;
}

/**
 * GPT-2 BPE through js-tiktoken's bundled ranks (nothing downloads). Text that happens to spell
 * `<|endoftext|>` is encoded as ordinary text, never as the special token, so encode accepts any string.
 */
export function createGpt2Tokenizer(): Tokenizer {
  const { tiktoken, bytes } = gpt2Tables();
  const decoder = new TokenBytesDecoder('gpt2', GPT2_VOCAB_SIZE, (token) => bytes[token]!);
  return {
    spec: { name: 'gpt2' },
    vocabSize: GPT2_VOCAB_SIZE,
    encode: (text) => tiktoken.encode(text, [], []),
    decode: (tokens) => decoder.decode(tokens),
    createStreamDecoder: () => decoder.createStreamDecoder(),
  };
}

/**
 * Each token's bytes, read from the same ranks js-tiktoken uses. js-tiktoken's own decode returns a
 * string per call and strips a leading byte-order mark, so it can neither stream nor round-trip "\uFEFF".
 * Ranks format: one line per run of consecutive ids, "<prefix> <first id> <base64 token>...".
 */
function tokenBytes(): Uint8Array[] {
  const table: Uint8Array[] = new Array(GPT2_VOCAB_SIZE);
  for (const line of gpt2Ranks.bpe_ranks.split('\n')) {
    if (line === '') continue;
    const [, first, ...tokens] = line.split(' ');
    const start = Number.parseInt(first!, 10);
    tokens.forEach((base64, i) => {
      table[start + i] = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    });
  }
  for (const [text, id] of Object.entries(gpt2Ranks.special_tokens)) {
    table[id] = new TextEncoder().encode(text);
  }
  return table;
}
