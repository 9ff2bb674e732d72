import { InvalidArgumentError } from '@constant-attention/core';
import type { StreamDecoder } from './tokenizer.js';

/**
 * Both tokenizers are byte-level: every token stands for a fixed byte string, and text is those bytes
 * read as UTF-8. Decoding goes through bytes rather than per-token strings so that a character split
 * across tokens survives, and so that streaming and whole decoding share one UTF-8 decoder.
 */
export class TokenBytesDecoder {
  constructor(
    private readonly tokenizerName: string,
    private readonly vocabSize: number,
    private readonly bytesOf: (token: number) => Uint8Array,
  ) {}

  decode(tokens: readonly number[]): string {
    const parts: Uint8Array[] = [];
    let length = 0;
    for (let i = 0; i < tokens.length; i++) {
      const bytes = this.bytesOf(this.check(tokens[i]!, i));
      parts.push(bytes);
      length += bytes.length;
    }
    const all = new Uint8Array(length);
    let offset = 0;
    for (const bytes of parts) {
      all.set(bytes, offset);
      offset += bytes.length;
    }
    return utf8Decoder().decode(all);
  }

  createStreamDecoder(): StreamDecoder {
    // TextDecoder's stream mode is the same state machine as a whole decode, so any split of the
    // tokens yields the same text, with a split character held until its last byte arrives.
    let decoder = utf8Decoder();
    let position = 0;
    return {
      push: (token) => decoder.decode(this.bytesOf(this.check(token, position++)), { stream: true }),
      flush: () => {
        const rest = decoder.decode();
        decoder = utf8Decoder();
        position = 0;
        return rest;
      },
    };
  }

  private check(token: number, position: number): number {
    if (!Number.isInteger(token) || token < 0 || token >= this.vocabSize) {
      throw new InvalidArgumentError(
        `token ${token} at position ${position} is not a ${this.tokenizerName} token id (an integer in [0, ${this.vocabSize}))`,
      );
    }
    return token;
  }
}

/** ignoreBOM: a leading U+FEFF is text the caller encoded, not a marker to strip. */
function utf8Decoder(): TextDecoder {
  return new TextDecoder('utf-8', { ignoreBOM: true });
}
