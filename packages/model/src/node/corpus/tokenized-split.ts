import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { MalformedFileError } from '@constant-attention/core';
import type { Tokenizer } from '../../tokenizer/tokenizer.js';
import { writeFileAtomic } from '../write-file-atomic.js';
import { corpusText } from './speech.js';
import { type CorpusSplit, splitSotu } from './split-sotu.js';
import { type TokenArray, tokenDTypeFor, toTokenArray } from './token-array.js';
import { decodeTokenCache, encodeTokenCache } from './token-cache-file.js';

export interface TokenizedSplit {
  readonly train: TokenArray;
  readonly heldOut: TokenArray;
  readonly trainBytes: number;
  readonly heldOutBytes: number;
  readonly version: string;
  /** The cache file read or written. */
  readonly cacheFile: string;
  /** Whether the tokens came from a valid cache file rather than tokenizing. */
  readonly fromCache: boolean;
}

export interface TokenizedSplitOptions {
  /** Default: node_modules/.cache/constant-attention under the current working directory. */
  readonly cacheDir?: string;
  /** Default: splitSotu(). */
  readonly split?: CorpusSplit;
}

export function defaultCacheDir(): string {
  return join(process.cwd(), 'node_modules', '.cache', 'constant-attention');
}

/**
 * The split's train and held-out text, each tokenized whole (corpusText), read from a cache file
 * keyed by corpus version and tokenizer spec. Tokenizing SOTU with GPT-2 takes seconds, so the result
 * is cached; a cache that is unreadable, corrupt, or for another key is rebuilt, never trusted.
 */
export async function loadTokenizedSplit(
  tokenizer: Tokenizer,
  options: TokenizedSplitOptions = {},
): Promise<TokenizedSplit> {
  const split = options.split ?? splitSotu();
  const dir = resolve(options.cacheDir ?? defaultCacheDir());
  const key = { corpus: split.version, tokenizer: tokenizer.spec };
  const cacheFile = join(dir, cacheFileName(key));
  const dtype = tokenDTypeFor(tokenizer.vocabSize);
  const base = {
    trainBytes: split.trainBytes,
    heldOutBytes: split.heldOutBytes,
    version: split.version,
    cacheFile,
  };

  const cached = await readCache(cacheFile);
  if (
    cached !== undefined &&
    JSON.stringify(cached.key) === JSON.stringify(key) &&
    cached.dtype === dtype &&
    cached.trainBytes === split.trainBytes &&
    cached.heldOutBytes === split.heldOutBytes
  ) {
    return { ...base, train: cached.train, heldOut: cached.heldOut, fromCache: true };
  }

  const train = toTokenArray(tokenizer.encode(corpusText(split.train)), dtype);
  const heldOut = toTokenArray(tokenizer.encode(corpusText(split.heldOut)), dtype);
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(cacheFile, encodeTokenCache({ key, dtype, ...base, train, heldOut }));
  return { ...base, train, heldOut, fromCache: false };
}

/** Readable prefix plus a hash of the whole key, so any spec maps to its own file. */
function cacheFileName(key: { corpus: string; tokenizer: { name: string } }): string {
  const hash = createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 12);
  const corpus = key.corpus.replace(/[^A-Za-z0-9.@-]/g, '_');
  return `${corpus}.${key.tokenizer.name}.${hash}.tokens`;
}

async function readCache(file: string) {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch {
    return undefined;
  }
  try {
    return decodeTokenCache(bytes, file);
  } catch (err) {
    if (err instanceof MalformedFileError) return undefined;
    throw err;
  }
}
