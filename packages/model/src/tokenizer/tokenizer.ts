import type { TokenizerSpec } from './tokenizer-spec.js';

/** Incremental detokenization for streaming generation. */
export interface StreamDecoder {
  /** Returns the text that is complete after this token; bytes of a split character are held back. */
  push(token: number): string;
  /** Returns whatever is held back, invalid or incomplete sequences as U+FFFD, and resets. */
  flush(): string;
}

export interface Tokenizer {
  readonly spec: TokenizerSpec;
  /** Token ids are integers in [0, vocabSize). */
  readonly vocabSize: number;
  encode(text: string): number[];
  decode(tokens: readonly number[]): string;
  createStreamDecoder(): StreamDecoder;
}
