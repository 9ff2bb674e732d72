import { createByteTokenizer } from './byte-tokenizer.js';
import { createGpt2Tokenizer } from './gpt2-tokenizer.js';
import type { Tokenizer } from './tokenizer.js';
import { parseTokenizerSpec, type TokenizerSpec } from './tokenizer-spec.js';

/** Throws InvalidArgumentError for an unknown name or a malformed spec (it is checked like JSON). */
export function createTokenizer(spec: TokenizerSpec): Tokenizer {
  const checked = parseTokenizerSpec(spec);
  switch (checked.name) {
    case 'byte':
      return createByteTokenizer();
    case 'gpt2':
      return createGpt2Tokenizer();
  }
}
