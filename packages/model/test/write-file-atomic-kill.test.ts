import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeStaleTempFiles } from '../src/node/index.js';
import { matchingVersions } from './support/file-versions.js';

const WRITER = fileURLToPath(new URL('./fixtures/atomic-writer.ts', import.meta.url));
const KILLS = 20;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ca-atomic-kill-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * Starts a writer at version `start`, SIGKILLs it `delayMs` after its first completed write, and returns
 * the last version it reported as written (renamed into place) before it died.
 */
function writeThenKill(path: string, start: number, delayMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@constant-attention/source', '--import', 'tsx', WRITER, path, String(start)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    let killScheduled = false;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (killScheduled) return;
      killScheduled = true;
      setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`writer exited (${code}) before the kill: ${err}`));
      const written = [...out.matchAll(/^wrote (\d+)$/gm)].map((m) => Number(m[1]));
      resolve(written.at(-1)!);
    });
  });
}

describe('writeFileAtomic under SIGKILL', () => {
  it(`leaves a whole old or new version after each of ${KILLS} kills at random points`, async () => {
    const path = join(dir, 'target.bin');
    const delays = fc.sample(fc.integer({ min: 0, max: 40 }), { numRuns: KILLS, seed: Date.now() });
    let next = 0;
    for (const delay of delays) {
      const reported = await writeThenKill(path, next, delay);
      // The kill may land after a rename but before its "wrote" line: one version later is also whole.
      const found = matchingVersions(new Uint8Array(await readFile(path)), [reported, reported + 1]);
      expect(found, `after a kill ${delay} ms in, version ${reported} reported`).toHaveLength(1);
      next = found[0]! + 1;
    }
    // Temp files of writers killed before their rename are left behind; a zero-age sweep clears all of them.
    const before = await readFile(path);
    await removeStaleTempFiles(path, { olderThanMs: 0 });
    expect(await readdir(dir)).toEqual(['target.bin']);
    expect(Buffer.compare(await readFile(path), before)).toBe(0);
  }, 60_000);
});
