import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import '@constant-attention/backend-ort';
import { beforeAll, describe, expect, it } from 'vitest';
import { runTraining } from '../src/node/train/run-training.js';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

/** Runs a CLI from its TypeScript source (tsx) as a child process, from an unrelated cwd. */
async function cli(name: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const entry = join(packageRoot, `src/node/cli/${name}-cli.ts`);
  const nodeArgs = ['--conditions=@constant-attention/source', '--import', 'tsx', entry, ...args];
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, nodeArgs, {
      cwd: packageRoot,
      env: { ...process.env, INIT_CWD: tmpdir() },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw err;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

let checkpoint: string;
beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'model-cli-'));
  checkpoint = join(root, 'tiny');
  await runTraining(
    {
      model: {
        preset: 'heinsen-lm',
        config: { vocab: 256, dEmb: 16, layers: 1, heads: 2, dKey: 4, dVal: 4 },
      },
      tokenizer: { name: 'byte' },
      backend: { backend: 'ort', device: 'cpu' },
      steps: 2,
      batch: 2,
      seq: 16,
      lr: 1e-3,
      minLr: 1e-4,
      warmup: 0,
      weightDecay: 0.1,
      clip: 1,
      seed: 1,
      evalEvery: 0,
      evalTokens: 64,
      saveEvery: 2,
    },
    checkpoint,
    { finalEvalTokens: 64 },
  );
}, 120_000);

describe('model CLIs', () => {
  it('user mistakes are one line on stderr and exit code 2', async () => {
    const cases: [string, string[], RegExp][] = [
      ['train', ['--out', 'x', '--steps', 'many'], /^error: --steps must be a number, got 'many'\n$/],
      ['train', ['--out', 'x', '--preset', 'rnn'], /^error: --preset must be heinsen-lm or gpt/],
      ['train', ['--steps', '3'], /^error: --out DIR is required/],
      ['train', ['--out', 'x', '--bogus'], /^error: Unknown option '--bogus'/],
      ['eval', ['--checkpoint', '/nonexistent/ck'], /^error: \/nonexistent\/ck: not a checkpoint/],
      ['generate', ['--checkpoint', checkpoint], /^error: --prompt TEXT is required/],
      [
        'generate',
        ['--checkpoint', checkpoint, '--prompt', 'x', '--temperature=-1'],
        /^error: temperature must be/,
      ],
    ];
    const results = await Promise.all(cases.map(([name, args]) => cli(name, args)));
    results.forEach((r, i) => {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(cases[i]![2]);
      expect(r.stderr).not.toContain('    at ');
    });
  }, 120_000);

  it('eval --json prints one object with the held-out metrics and the unigram baseline', async () => {
    const { code, stdout } = await cli('eval', ['--checkpoint', checkpoint, '--json', '--max-tokens', '512']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ preset: 'heinsen-lm', step: 2, tokenizer: 'byte', val_tokens: 512 });
    for (const key of ['val_bits_per_byte', 'val_bytes', 'val_loss_nats_per_token', 'unigram_bits_per_byte'])
      expect(Number.isFinite(result[key])).toBe(true);
    // Byte tokens: nats per token / ln 2 is bits per byte.
    expect(result.val_bits_per_byte).toBeCloseTo(result.val_loss_nats_per_token / Math.LN2, 2);
  }, 60_000);

  it('generate --json holds the text, one wall time per decode step, and the training length', async () => {
    const args = [
      '--checkpoint',
      checkpoint,
      '--prompt',
      'We the people',
      '--tokens',
      '40',
      '--json',
      '--seed',
      '3',
    ];
    const { code, stdout } = await cli('generate', args);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.tokens).toBe(40);
    expect(result.ms_per_token).toHaveLength(40);
    expect(result.ms_per_token.every((ms: number) => ms > 0)).toBe(true);
    expect(result.trained_seq).toBe(16);
    expect(typeof result.text).toBe('string');
    const again = await cli('generate', args);
    expect(JSON.parse(again.stdout).text).toBe(result.text);
  }, 60_000);
});
