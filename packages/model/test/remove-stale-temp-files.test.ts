import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GptConfig, initGptParams } from '../src/index.js';
import {
  loadWeights,
  removeStaleTempFiles,
  STALE_TEMP_AGE_MS,
  saveWeights,
  tempPathFor,
} from '../src/node/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ca-stale-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function touch(path: string, ageMs: number): Promise<void> {
  await writeFile(path, 'partial');
  const when = new Date(Date.now() - ageMs);
  await utimes(path, when, when);
}

describe('removeStaleTempFiles', () => {
  it('removes only old temp files of this target, in both naming schemes', async () => {
    const folder = join(dir, 'a');
    await mkdir(folder);
    const target = join(folder, 'm.weights');
    const old = STALE_TEMP_AGE_MS + 60_000;
    const files: Record<string, number> = {
      '.m.weights.0123456789ab.tmp': old, // writeFileAtomic's name: stale
      'm.weights.4242.deadbeef.tmp': old, // the former saveWeights name: stale
      '.m.weights.ba9876543210.tmp': 1_000, // young: a save may be in progress
      '.m.weights.0123456789ab.tmp.keep': old, // not a temp name
      '.m.weights.XYZ.tmp': old, // not writeFileAtomic's suffix
      '.mXweights.0123456789ab.tmp': old, // the dot in the name is literal
      '.other.weights.0123456789ab.tmp': old, // another target's temp file
      'm.weights': old,
    };
    for (const [name, age] of Object.entries(files)) await touch(join(folder, name), age);
    // A temp name from the real generator matches the pattern.
    const real = tempPathFor(target);
    await touch(real, old);

    const removed = await removeStaleTempFiles(target);
    expect(removed.sort()).toEqual(
      [real, join(folder, '.m.weights.0123456789ab.tmp'), join(folder, 'm.weights.4242.deadbeef.tmp')].sort(),
    );
    expect((await readdir(folder)).sort()).toEqual(
      [
        '.m.weights.ba9876543210.tmp',
        '.m.weights.0123456789ab.tmp.keep',
        '.m.weights.XYZ.tmp',
        '.mXweights.0123456789ab.tmp',
        '.other.weights.0123456789ab.tmp',
        'm.weights',
      ].sort(),
    );
  });

  it('escapes regular-expression characters in the target name', async () => {
    const folder = join(dir, 'b');
    await mkdir(folder);
    await touch(join(folder, '.a+b.weights.0123456789ab.tmp'), STALE_TEMP_AGE_MS * 2);
    await touch(join(folder, '.aab.weights.0123456789ab.tmp'), STALE_TEMP_AGE_MS * 2);
    expect(await removeStaleTempFiles(join(folder, 'a+b.weights'))).toEqual([
      join(folder, '.a+b.weights.0123456789ab.tmp'),
    ]);
  });

  it('returns nothing for a missing folder', async () => {
    expect(await removeStaleTempFiles(join(dir, 'nope', 'm.weights'))).toEqual([]);
  });

  it('saveWeights sweeps stale temp files and keeps young ones; loadWeights leaves the folder alone', async () => {
    const folder = join(dir, 'c');
    await mkdir(folder);
    const config: GptConfig = { vocab: 5, seq: 3, dModel: 4, heads: 1, layers: 1, mechanism: 'softmax' };
    const path = join(folder, 'model.weights');
    await touch(join(folder, '.model.weights.aaaaaaaaaaaa.tmp'), STALE_TEMP_AGE_MS * 2);
    await touch(join(folder, '.model.weights.bbbbbbbbbbbb.tmp'), 0);
    await saveWeights(path, { config, params: initGptParams(config, 1) });
    expect((await readdir(folder)).sort()).toEqual(['.model.weights.bbbbbbbbbbbb.tmp', 'model.weights']);
    await touch(join(folder, '.model.weights.cccccccccccc.tmp'), STALE_TEMP_AGE_MS * 2);
    await loadWeights(path);
    expect(await readdir(folder)).toContain('.model.weights.cccccccccccc.tmp');
  });
});
