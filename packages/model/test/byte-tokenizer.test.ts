import { InvalidArgumentError } from '@constant-attention/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTokenizer } from '../src/index.js';

const tokenizer = createTokenizer({ name: 'byte' });

/** Splits `items` at the given cut points (any order, duplicates allowed). */
function splitAt<T>(items: readonly T[], cuts: readonly number[]): T[][] {
  const points = [...new Set(cuts.map((c) => c % (items.length + 1)))].sort((a, b) => a - b);
  const parts: T[][] = [];
  let start = 0;
  for (const p of [...points, items.length]) {
    parts.push(items.slice(start, p));
    start = p;
  }
  return parts;
}

describe('byte tokenizer', () => {
  it('encodes to the UTF-8 bytes (Node Buffer as oracle)', () => {
    for (const text of ['', 'Hello', 'héllo 😀', '\uFEFFbom', '\0']) {
      expect(tokenizer.encode(text)).toEqual([...Buffer.from(text, 'utf8')]);
    }
    expect(tokenizer.vocabSize).toBe(256);
    expect(tokenizer.spec).toEqual({ name: 'byte' });
  });

  it('round-trips any well-formed string, a leading byte-order mark included', () => {
    expect(tokenizer.decode(tokenizer.encode('\uFEFF'))).toBe('\uFEFF');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('encodes a lone surrogate as U+FFFD, as UTF-8 must', () => {
    expect(tokenizer.decode(tokenizer.encode('a\uD800b'))).toBe('a\uFFFDb');
  });

  it('stream-decodes any split of any byte sequence exactly as a whole decode', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (bytes, cuts) => {
          const expected = Buffer.from(bytes).toString('utf8');
          expect(tokenizer.decode(bytes)).toBe(expected);
          const stream = tokenizer.createStreamDecoder();
          let text = '';
          for (const part of splitAt(bytes, cuts)) for (const b of part) text += stream.push(b);
          expect(text + stream.flush()).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('holds back the bytes of a split character until it is whole', () => {
    const stream = tokenizer.createStreamDecoder();
    const [a, b, c, d] = tokenizer.encode('😀');
    expect([stream.push(a!), stream.push(b!), stream.push(c!)]).toEqual(['', '', '']);
    expect(stream.push(d!)).toBe('😀');
    stream.push(0xf0);
    expect(stream.flush()).toBe('\uFFFD');
    expect(stream.push(0x41)).toBe('A');
  });

  it('names an out-of-range token and its position', () => {
    expect(() => tokenizer.decode([65, 256])).toThrow(InvalidArgumentError);
    expect(() => tokenizer.decode([65, 256])).toThrow(/token 256 at position 1/);
    expect(() => tokenizer.decode([-1])).toThrow(/token -1 at position 0/);
    expect(() => tokenizer.decode([1.5])).toThrow(/token 1.5 at position 0/);
    const stream = tokenizer.createStreamDecoder();
    stream.push(65);
    expect(() => stream.push(300)).toThrow(/token 300 at position 1/);
  });
});
