import { TokenBytesDecoder } from './token-bytes-decoder.js';
import type { Tokenizer } from './tokenizer.js';

const BYTES = Array.from({ length: 256 }, (_, b) => Uint8Array.of(b));

/**
 * One token per UTF-8 byte. Lossless for well-formed strings; a lone surrogate (which UTF-8 cannot
 * represent) encodes as U+FFFD, as TextEncoder does.
 */
export function createByteTokenizer(): Tokenizer {
  const decoder = new TokenBytesDecoder('byte', 256, (token) => BYTES[token]!);
  const encoder = new TextEncoder();
  return {
    spec: { name: 'byte' },
    vocabSize: 256,
    encode: (text) => Array.from(encoder.encode(text)),
    decode: (tokens) => decoder.decode(tokens),
    createStreamDecoder: () => decoder.createStreamDecoder(),
  };
}
