import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/output/atomic-write.js';

const freshDir = () => mkdtempSync(join(tmpdir(), 'bench-atomic-'));

describe('writeFileAtomic', () => {
  it('creates missing folders and writes the contents', () => {
    const dir = freshDir();
    const path = join(dir, 'a', 'b', 'results.json');
    writeFileAtomic(path, '{"x":1}');
    expect(readFileSync(path, 'utf8')).toBe('{"x":1}');
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['results.json']);
  });

  it('replaces an existing file whole and leaves no temporary file behind', () => {
    const dir = freshDir();
    const path = join(dir, 'results.json');
    writeFileSync(path, 'old contents that are longer than the new ones');
    writeFileAtomic(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['results.json']);
  });

  it('when the rename fails, removes its temporary file and keeps what was there', () => {
    const dir = freshDir();
    const path = join(dir, 'results.json');
    // A non-empty directory cannot be replaced by a file, so renameSync throws.
    mkdirSync(path);
    writeFileSync(join(path, 'keep'), 'x');
    expect(() => writeFileAtomic(path, 'new')).toThrow();
    expect(readdirSync(dir)).toEqual(['results.json']);
    expect(readFileSync(join(path, 'keep'), 'utf8')).toBe('x');
  });
});
