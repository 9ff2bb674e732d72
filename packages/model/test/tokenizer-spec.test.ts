import { InvalidArgumentError } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { createTokenizer, parseTokenizerSpec, type TokenizerSpec } from '../src/index.js';

describe('tokenizer specs', () => {
  it('parses the two known specs from JSON', () => {
    expect(parseTokenizerSpec(JSON.parse('{"name":"byte"}'))).toEqual({ name: 'byte' });
    expect(parseTokenizerSpec(JSON.parse('{"name":"gpt2"}'))).toEqual({ name: 'gpt2' });
  });

  it.each([
    [null, /must be an object/],
    ['byte', /must be an object/],
    [[], /must be an object/],
    [{}, /name must be one of "byte", "gpt2", got undefined/],
    [{ name: 'bpe' }, /got "bpe"/],
    [{ name: 'byte', vocab: 256 }, /unknown key\(s\) "vocab"/],
  ])('rejects %j', (value, message) => {
    expect(() => parseTokenizerSpec(value)).toThrow(InvalidArgumentError);
    expect(() => parseTokenizerSpec(value)).toThrow(message);
  });

  it('createTokenizer rejects an unknown name', () => {
    expect(() => createTokenizer({ name: 'sentencepiece' } as unknown as TokenizerSpec)).toThrow(
      InvalidArgumentError,
    );
  });
});
