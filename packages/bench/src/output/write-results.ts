import { join } from 'node:path';
import { renderSvg } from '@constant-attention/model/node';
import type { BenchResults } from '../schema/bench-results.js';
import { writeFileAtomic } from './atomic-write.js';

/** Writes results.json, results.md and one SVG per plot into `outDir`; returns the paths written. */
export async function writeResults(
  outDir: string,
  results: BenchResults,
  markdown: string,
  plots: Readonly<Record<string, object>>,
): Promise<string[]> {
  const written: string[] = [];
  const write = (name: string, contents: string) => {
    const path = join(outDir, name);
    writeFileAtomic(path, contents);
    written.push(path);
  };
  write('results.json', `${JSON.stringify(results, null, 2)}\n`);
  write('results.md', markdown);
  for (const [name, spec] of Object.entries(plots)) write(name, await renderSvg(spec));
  return written;
}
