import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Gzip (level 9) bytes of each built file a page requested: what a static host with gzip sends. */
export function gzipBytes(distDir: string, paths: Iterable<string>): { raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  // A file requested twice (ORT's worker loads its own chunk again) crosses the network once.
  for (const path of new Set(paths)) {
    const bytes = readFileSync(join(distDir, path));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip };
}

export function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(2)} MB`;
}
