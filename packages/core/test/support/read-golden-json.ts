import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface GoldenJsonFile {
  readonly file: string;
  // biome-ignore lint/suspicious/noExplicitAny: each mechanism's test reads its own documented layout.
  readonly json: any;
}

/**
 * Every *.json case in a golden folder, sorted by name, read with plain fs so core does not depend on the
 * conformance package. A missing folder gives no cases; the tests assert the expected count themselves.
 */
export function readGoldenJson(folder: string): GoldenJsonFile[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, json: JSON.parse(readFileSync(join(folder, file), 'utf8')) }));
}
