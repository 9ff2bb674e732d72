import { createHash } from 'node:crypto';
import { MalformedFileError } from '@constant-attention/core';
import type { TokenArray, TokenDType } from './token-array.js';

/**
 * Layout: 8-byte magic "CATOKS01", uint32 LE header length H, H bytes of UTF-8 JSON header, zero
 * padding to a multiple of 4, then the train tokens and the held-out tokens, little-endian, in the
 * header's dtype. The header's sha256 covers the token data, so a torn or flipped byte is caught.
 */
export const TOKEN_CACHE_FORMAT = 'constant-attention/token-cache';
export const TOKEN_CACHE_VERSION = 1;
const MAGIC = 'CATOKS01';

export interface TokenCacheContents {
  /** What the tokens are of: corpus version and tokenizer spec. A reader demands an exact match. */
  readonly key: unknown;
  readonly dtype: TokenDType;
  readonly trainBytes: number;
  readonly heldOutBytes: number;
  readonly train: TokenArray;
  readonly heldOut: TokenArray;
}

interface Header {
  format: string;
  version: number;
  key: unknown;
  dtype: TokenDType;
  trainBytes: number;
  heldOutBytes: number;
  trainTokens: number;
  heldOutTokens: number;
  sha256: string;
}

export function encodeTokenCache(contents: TokenCacheContents): Uint8Array {
  const { key, dtype, trainBytes, heldOutBytes, train, heldOut } = contents;
  const width = widthOf(dtype);
  const data = new Uint8Array((train.length + heldOut.length) * width);
  const view = new DataView(data.buffer);
  let offset = 0;
  for (const tokens of [train, heldOut]) {
    for (const token of tokens) {
      if (dtype === 'uint16') view.setUint16(offset, token, true);
      else view.setInt32(offset, token, true);
      offset += width;
    }
  }
  const header: Header = {
    format: TOKEN_CACHE_FORMAT,
    version: TOKEN_CACHE_VERSION,
    key,
    dtype,
    trainBytes,
    heldOutBytes,
    trainTokens: train.length,
    heldOutTokens: heldOut.length,
    sha256: sha256(data),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = align4(MAGIC.length + 4 + json.length);
  const bytes = new Uint8Array(dataStart + data.length);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(bytes.buffer).setUint32(MAGIC.length, json.length, true);
  bytes.set(json, MAGIC.length + 4);
  bytes.set(data, dataStart);
  return bytes;
}

/** Throws MalformedFileError naming `file` and the first thing wrong. */
export function decodeTokenCache(bytes: Uint8Array, file: string): TokenCacheContents {
  const fail = (what: string): never => {
    throw new MalformedFileError(`token cache ${file}: ${what}`);
  };
  if (bytes.length < MAGIC.length + 4) fail(`${bytes.length} bytes is too short for a header`);
  if (new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC) fail(`magic is not "${MAGIC}"`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(MAGIC.length, true);
  const dataStart = align4(MAGIC.length + 4 + headerLength);
  if (dataStart > bytes.length) fail(`header length ${headerLength} runs past the end of the file`);
  let header: Header;
  try {
    header = JSON.parse(
      new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, MAGIC.length + 4 + headerLength)),
    );
  } catch {
    return fail('header is not JSON');
  }
  if (header?.format !== TOKEN_CACHE_FORMAT) fail(`format is ${JSON.stringify(header?.format)}`);
  if (header.version !== TOKEN_CACHE_VERSION) fail(`version ${header.version} is not ${TOKEN_CACHE_VERSION}`);
  if (header.dtype !== 'uint16' && header.dtype !== 'int32') fail(`dtype ${JSON.stringify(header.dtype)}`);
  for (const field of ['trainBytes', 'heldOutBytes', 'trainTokens', 'heldOutTokens'] as const) {
    if (!Number.isSafeInteger(header[field]) || header[field] < 0) fail(`${field} is not a count`);
  }
  const width = widthOf(header.dtype);
  const expected = dataStart + (header.trainTokens + header.heldOutTokens) * width;
  if (bytes.length !== expected) fail(`${bytes.length} bytes where the header implies ${expected}`);
  const data = bytes.subarray(dataStart);
  if (sha256(data) !== header.sha256) fail('token data does not match its sha256');
  const read = (first: number, count: number): TokenArray => {
    const out = header.dtype === 'uint16' ? new Uint16Array(count) : new Int32Array(count);
    const at = new DataView(data.buffer, data.byteOffset, data.byteLength);
    for (let i = 0; i < count; i++) {
      const offset = (first + i) * width;
      out[i] = header.dtype === 'uint16' ? at.getUint16(offset, true) : at.getInt32(offset, true);
    }
    return out;
  };
  return {
    key: header.key,
    dtype: header.dtype,
    trainBytes: header.trainBytes,
    heldOutBytes: header.heldOutBytes,
    train: read(0, header.trainTokens),
    heldOut: read(header.trainTokens, header.heldOutTokens),
  };
}

function widthOf(dtype: TokenDType): number {
  return dtype === 'uint16' ? 2 : 4;
}

function align4(n: number): number {
  return Math.ceil(n / 4) * 4;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
