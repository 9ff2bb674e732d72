import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the real CLI entry (TypeScript through tsx) as a child process. */
async function bench(args: string[]): Promise<{ code: number; stderr: string }> {
  const entry = join(packageRoot, 'src/cli.ts');
  const nodeArgs = ['--conditions=@constant-attention/source', '--import', 'tsx', entry, ...args];
  try {
    const { stderr } = await promisify(execFile)(process.execPath, nodeArgs, { cwd: packageRoot });
    return { code: 0, stderr };
  } catch (err) {
    const e = err as { code?: number; stderr?: string };
    if (typeof e.code !== 'number') throw err;
    return { code: e.code, stderr: e.stderr ?? '' };
  }
}

describe('bench reports user errors as one line and exit code 2', () => {
  it.each([
    [['nosuch'], "error: unknown suite 'nosuch'"],
    [[], 'error: missing suite name'],
    [['decode', '--frobnicate'], "error: Unknown option '--frobnicate'"],
    [['decode', '--backends', 'nowhere:cpu'], "error: backend 'nowhere' is not registered"],
  ])('%j', async (args, start) => {
    const { code, stderr } = await bench(args);
    expect(code).toBe(2);
    expect(stderr.startsWith(start), stderr).toBe(true);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
