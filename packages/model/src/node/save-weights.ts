import { readFile } from 'node:fs/promises';
import { decodeWeights, encodeWeights, type GptWeights } from '../weights-file.js';
import { removeStaleTempFiles } from './remove-stale-temp-files.js';
import { writeFileAtomic } from './write-file-atomic.js';

/**
 * Encodes first (so invalid or non-finite params write nothing), clears temp files a killed save left
 * behind, then writes atomically and durably: readers and crashes see the old file or the new one whole.
 */
export async function saveWeights(path: string, weights: GptWeights): Promise<void> {
  const bytes = encodeWeights(weights);
  await removeStaleTempFiles(path);
  await writeFileAtomic(path, bytes);
}

export async function loadWeights(path: string): Promise<GptWeights> {
  return decodeWeights(new Uint8Array(await readFile(path)), path);
}
