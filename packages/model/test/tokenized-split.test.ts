import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MalformedFileError } from '@constant-attention/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenizer } from '../src/index.js';
import {
  corpusText,
  decodeTokenCache,
  encodeTokenCache,
  loadSotuSpeeches,
  loadTokenizedSplit,
  splitSotu,
} from '../src/node/index.js';

const byte = createTokenizer({ name: 'byte' });
const gpt2 = createTokenizer({ name: 'gpt2' });
// GPT-2 on the whole corpus takes seconds; a 30-speech split exercises the same code.
const small = splitSotu(loadSotuSpeeches().slice(0, 30));

/** vitest's deep equality walks 10^7 elements slowly; comparing the bytes is exact and fast. */
function bytesOf(tokens: Uint16Array | Int32Array): Buffer {
  return Buffer.from(tokens.buffer, tokens.byteOffset, tokens.byteLength);
}
function expectSameTokens(a: Uint16Array | Int32Array, b: Uint16Array | Int32Array): void {
  expect(a.constructor).toBe(b.constructor);
  expect(bytesOf(a).equals(bytesOf(b))).toBe(true);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ca-tokens-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadTokenizedSplit', () => {
  it('byte tokens of the whole SOTU split: one token per UTF-8 byte, then read back identical', async () => {
    const cacheDir = join(dir, 'byte');
    const built = await loadTokenizedSplit(byte, { cacheDir });
    expect(built.fromCache).toBe(false);
    expect(built.train).toBeInstanceOf(Uint16Array);
    expect(built.train.length).toBe(built.trainBytes);
    expect(built.heldOut.length).toBe(built.heldOutBytes);
    const split = splitSotu();
    expect(Buffer.from(built.heldOut).equals(Buffer.from(corpusText(split.heldOut), 'utf8'))).toBe(true);
    expect(Buffer.from(built.train).equals(Buffer.from(corpusText(split.train), 'utf8'))).toBe(true);
    const again = await loadTokenizedSplit(byte, { cacheDir });
    expect(again.fromCache).toBe(true);
    expectSameTokens(again.train, built.train);
    expectSameTokens(again.heldOut, built.heldOut);
    expect(again.version).toBe(split.version);
  });

  it('gpt2 tokens round-trip through the cache and decode to the split text', async () => {
    const cacheDir = join(dir, 'gpt2');
    const built = await loadTokenizedSplit(gpt2, { cacheDir, split: small });
    expectSameTokens(built.train, Uint16Array.from(gpt2.encode(corpusText(small.train))));
    expect(gpt2.decode([...built.heldOut])).toBe(corpusText(small.heldOut));
    const again = await loadTokenizedSplit(gpt2, { cacheDir, split: small });
    expect(again.fromCache).toBe(true);
    expectSameTokens(again.train, built.train);
    expectSameTokens(again.heldOut, built.heldOut);
  });

  it('rebuilds a corrupted cache file instead of trusting it', async () => {
    const cacheDir = join(dir, 'corrupt');
    const built = await loadTokenizedSplit(gpt2, { cacheDir, split: small });
    const bytes = await readFile(built.cacheFile);
    bytes[bytes.length - 3]! ^= 0x01; // one flipped bit in the token data
    await writeFile(built.cacheFile, bytes);
    expect(() => decodeTokenCache(bytes, built.cacheFile)).toThrow(/does not match its sha256/);
    const rebuilt = await loadTokenizedSplit(gpt2, { cacheDir, split: small });
    expect(rebuilt.fromCache).toBe(false);
    expectSameTokens(rebuilt.train, built.train);
    expectSameTokens(rebuilt.heldOut, built.heldOut);
    await writeFile(built.cacheFile, bytes.subarray(0, 100)); // truncated
    expect((await loadTokenizedSplit(gpt2, { cacheDir, split: small })).fromCache).toBe(false);
    expect((await loadTokenizedSplit(gpt2, { cacheDir, split: small })).fromCache).toBe(true);
  });

  it('does not reuse a cache built for another tokenizer, even under its file name', async () => {
    const cacheDir = join(dir, 'other');
    const fromByte = await loadTokenizedSplit(byte, { cacheDir, split: small });
    const fromGpt2 = await loadTokenizedSplit(gpt2, { cacheDir, split: small });
    expect(fromGpt2.cacheFile).not.toBe(fromByte.cacheFile);
    expect(fromGpt2.fromCache).toBe(false);
    await copyFile(fromByte.cacheFile, fromGpt2.cacheFile);
    const again = await loadTokenizedSplit(gpt2, { cacheDir, split: small });
    expect(again.fromCache).toBe(false);
    expectSameTokens(again.train, fromGpt2.train);
    expect((await readdir(cacheDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('does not reuse a cache for another corpus', async () => {
    const cacheDir = join(dir, 'corpus');
    await loadTokenizedSplit(byte, { cacheDir, split: small });
    const other = splitSotu(loadSotuSpeeches().slice(0, 31));
    const built = await loadTokenizedSplit(byte, { cacheDir, split: other });
    expect(built.fromCache).toBe(false);
    expect(built.train.length).toBe(other.trainBytes);
  });
});

describe('token cache file', () => {
  const contents = {
    key: { corpus: 'c', tokenizer: { name: 'big' } },
    dtype: 'int32' as const,
    trainBytes: 9,
    heldOutBytes: 2,
    train: Int32Array.of(0, 70000, 2 ** 31 - 1),
    heldOut: Int32Array.of(5),
  };

  it('round-trips int32 tokens beyond 16 bits', () => {
    const decoded = decodeTokenCache(encodeTokenCache(contents), 'f');
    expect(decoded).toEqual(contents);
  });

  it.each([
    ['a short file', (b: Uint8Array) => b.subarray(0, 5), /too short/],
    ['another magic', (b: Uint8Array) => Uint8Array.from(b, (x, i) => (i === 0 ? 0x58 : x)), /magic/],
    ['an extra byte', (b: Uint8Array) => Uint8Array.of(...b, 0), /bytes where the header implies/],
  ])('names %s as malformed', (_, breakIt, message) => {
    const bytes = breakIt(encodeTokenCache(contents));
    expect(() => decodeTokenCache(bytes, 'f')).toThrow(MalformedFileError);
    expect(() => decodeTokenCache(bytes, 'f')).toThrow(message);
  });
});
