import { InvalidArgumentError } from '@constant-attention/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTokenizer } from '../src/index.js';

const tokenizer = createTokenizer({ name: 'gpt2' });

describe('gpt2 tokenizer', () => {
  it('gives the known GPT-2 ids', () => {
    // Published GPT-2 encodings (e.g. the Hugging Face gpt2 tokenizer).
    expect(tokenizer.encode('Hello world')).toEqual([15496, 995]);
    expect(tokenizer.encode(' the')).toEqual([262]);
    expect(tokenizer.decode([50256])).toBe('<|endoftext|>');
    expect(tokenizer.vocabSize).toBe(50257);
  });

  it('encodes text spelling <|endoftext|> as ordinary text, not the special token', () => {
    const tokens = tokenizer.encode('a<|endoftext|>b');
    expect(tokens).not.toContain(50256);
    expect(tokenizer.decode(tokens)).toBe('a<|endoftext|>b');
  });

  it('decodes every id, and each ASCII character is one token', () => {
    for (let id = 0; id < tokenizer.vocabSize; id++) expect(tokenizer.decode([id]).length).toBeGreaterThan(0);
    for (let b = 0; b < 128; b++) expect(tokenizer.encode(String.fromCharCode(b)).length).toBe(1);
  });

  it('round-trips any well-formed string, a leading byte-order mark included', () => {
    expect(tokenizer.decode(tokenizer.encode('\uFEFFx'))).toBe('\uFEFFx');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('stream-decodes token by token to the same text, holding back split characters', () => {
    const text = 'héllo 😀 world — 日本語';
    const tokens = tokenizer.encode(text);
    const stream = tokenizer.createStreamDecoder();
    const pieces = tokens.map((t) => stream.push(t));
    expect(pieces.join('') + stream.flush()).toBe(text);
    expect(pieces.some((p) => p.includes('\uFFFD'))).toBe(false);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50256 }), { maxLength: 12 }), (ids) => {
        const s = tokenizer.createStreamDecoder();
        expect(ids.map((t) => s.push(t)).join('') + s.flush()).toBe(tokenizer.decode(ids));
      }),
      { numRuns: 300 },
    );
  });

  it('names an out-of-range token and its position', () => {
    expect(() => tokenizer.decode([1, 50257])).toThrow(InvalidArgumentError);
    expect(() => tokenizer.decode([1, 50257])).toThrow(/token 50257 at position 1/);
  });
});
