import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { validCase, writeCases } from './golden-fixtures.js';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const SHARED_GOLDEN = fileURLToPath(new URL('../../../../shared/golden', import.meta.url));
const SHARED_GOLDEN_LM = fileURLToPath(new URL('../../../../shared/golden-lm', import.meta.url));

/** Runs the real CLI entry (TypeScript sources through tsx) as a child process, from an unrelated cwd. */
async function golden(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const entry = join(packageRoot, 'src/cli/golden-cli.ts');
  const nodeArgs = ['--conditions=@constant-attention/source', '--import', 'tsx', entry, ...args];
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, nodeArgs, {
      cwd: packageRoot,
      env: { ...process.env, INIT_CWD: '/' },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw err;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

describe('golden CLI', () => {
  // One run of the default folder serves both tests below; each CLI start costs seconds of tsx transform.
  let defaultRun: ReturnType<typeof golden> | undefined;
  const runDefault = () => {
    defaultRun ??= golden(['--backends', 'ref']);
    return defaultRun;
  };

  it('passes every shared golden case on the reference backend (default folder)', async () => {
    const { code, stdout } = await runDefault();
    expect(stdout).toContain('01_noncausal_b1_h1_n1_dk1_dv1');
    expect(lastLine(stdout)).toMatch(/^[1-9]\d* passed, 0 failed$/);
    expect(code).toBe(0);
  });

  it('the default folders are the shared ones, found from the script, not the cwd', async () => {
    const [explicit, byDefault] = await Promise.all([
      golden(['--backends', 'ref', SHARED_GOLDEN, SHARED_GOLDEN_LM]),
      runDefault(),
    ]);
    expect(byDefault.stdout).toBe(explicit.stdout);
    expect(byDefault.stdout).toContain('07_llndiag_avg_b2_h2_n37_d8_eps1e-5');
    expect(byDefault.stdout).toContain('01_b2_n20_v61_d24_l2_h3_dk4_dv5');
  });

  it('reports a malformed file as a failed row, exits 1, and writes --json', async () => {
    const dir = await writeCases({
      'broken.json': '{"header":',
      'tagless.json': { ...validCase('t'), header: {} },
    });
    const jsonOut = join(dir, 'report.json');
    const { code, stdout } = await golden([dir, '--backends', 'ref', '--json', jsonOut, '--cases-only']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/broken\.json.*FAIL\n\s+reason: not valid JSON/);
    expect(stdout).toMatch(/tagless\.json.*FAIL\n\s+reason: missing header\.format/);
    expect(lastLine(stdout)).toBe('0 passed, 2 failed');
    const report = JSON.parse(await readFile(jsonOut, 'utf8'));
    expect(report).toMatchObject({ passed: 0, failed: 2 });
  });

  it('fails a backend named explicitly that is not registered', async () => {
    const dir = await writeCases({ 'x.json': validCase('x') });
    const { code, stdout } = await golden([dir, '--backends', 'nowhere:cpu']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/nowhere:cpu.*FAIL/);
  });

  it('a usage error is one line, error: <message>, and exit code 2', async () => {
    const { code, stderr } = await golden(['--frobnicate']);
    expect(code).toBe(2);
    expect(stderr).toBe(
      "error: Unknown option '--frobnicate'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- \"--frobnicate\"\n",
    );
  });

  it('a --json path that cannot be written is one line and exit code 2, not a stack', async () => {
    const dir = await writeCases({ 'a.json': validCase('a') });
    const { code, stderr } = await golden([dir, '--backends', 'ref', '--json', '/nonexistent-dir/out.json']);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^error: ENOENT: no such file or directory, open '\/nonexistent-dir\/out.json'\n$/,
    );
  });
});
