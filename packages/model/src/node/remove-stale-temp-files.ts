import { readdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Longer than any save takes, so a temp file this old belongs to a writer that died. */
export const STALE_TEMP_AGE_MS = 10 * 60 * 1000;

/**
 * Removes temp files that a killed writer left beside `path`, older than `olderThanMs`: `.<name>.<12 hex>.tmp`
 * from writeFileAtomic, and `<name>.<pid>.<8 hex>.tmp` from saveWeights before it used writeFileAtomic.
 * Younger ones may belong to a save in progress in another process and are kept. Returns the removed paths.
 */
export async function removeStaleTempFiles(
  path: string,
  { olderThanMs = STALE_TEMP_AGE_MS, now = Date.now() }: { olderThanMs?: number; now?: number } = {},
): Promise<string[]> {
  const folder = dirname(path);
  const name = escapeRegExp(basename(path));
  const pattern = new RegExp(`^(?:\\.${name}\\.[0-9a-f]{12}|${name}\\.\\d+\\.[0-9a-f]{8})\\.tmp$`);
  let entries: string[];
  try {
    entries = await readdir(folder);
  } catch (err) {
    // No folder, no leftovers; the write that follows reports the missing folder itself.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const removed: string[] = [];
  for (const entry of entries.filter((e) => pattern.test(e))) {
    const temp = join(folder, entry);
    try {
      const info = await stat(temp);
      if (!info.isFile() || now - info.mtimeMs < olderThanMs) continue;
      await rm(temp, { force: true });
      removed.push(temp);
    } catch (err) {
      // Another process may have renamed or removed it between readdir and here: nothing left to clean.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return removed;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
