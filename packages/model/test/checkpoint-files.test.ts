import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidInputValueError, MalformedFileError, Tensor } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { writeSafetensors } from '../src/index.js';
import { loadCheckpoint, saveCheckpoint } from '../src/node/index.js';
import { TINY_CHECKPOINT_CONFIG, tinyCheckpointParams } from './support/tiny-checkpoint.js';

const config = TINY_CHECKPOINT_CONFIG;
const params = tinyCheckpointParams();
const optimizerState = { 'adamw.step': Tensor.full([], 7) };

async function saved(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'checkpoint-'));
  await saveCheckpoint(dir, { config, params, optimizerState });
  return dir;
}

describe('checkpoints', () => {
  it('round-trips params bit for bit, with the config and the optimizer state', async () => {
    const dir = await saved();
    const loaded = await loadCheckpoint(dir, { withOptimizer: true });
    expect(loaded.config).toEqual(config);
    for (const [name, t] of Object.entries(params)) expect(loaded.params[name]!.data).toEqual(t.data);
    expect(loaded.optimizerState!['adamw.step']!.data[0]).toBe(7);
  });

  it('refuses non-finite params before writing anything', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'checkpoint-'));
    const bad = { ...params, 'lnorm.bias': Tensor.float32([0, 0, Number.NaN, 0, 0, 0, 0, 0], [8]) };
    await expect(saveCheckpoint(dir, { config, params: bad })).rejects.toThrow(InvalidInputValueError);
    await expect(saveCheckpoint(dir, { config, params: bad })).rejects.toThrow(
      /'lnorm.bias' holds NaN at index 2/,
    );
    await expect(loadCheckpoint(dir)).rejects.toThrow(/not a checkpoint/);
  });

  it('names the file and the tensor of every defect', async () => {
    const cases: [string, (dir: string) => Promise<void>, RegExp][] = [
      [
        'missing tensor',
        (d) => rewriteModel(d, (p) => delete p['lnorm.bias']),
        /tensor 'lnorm.bias' is missing/,
      ],
      [
        'wrong shape',
        (d) => rewriteModel(d, (p) => (p['lnorm.bias'] = Tensor.zeros([9]))),
        /'lnorm.bias' has shape \[9\], the config needs \[8\]/,
      ],
      [
        'extra tensor',
        (d) => rewriteModel(d, (p) => (p.extra = Tensor.zeros([1]))),
        /tensor 'extra' is not a parameter/,
      ],
      ['torn save', (d) => rewriteModel(d, () => undefined, '8'), /holds step 8 but config.json says 7/],
      [
        'bad config',
        (d) => editConfig(d, (c) => (c.model.config.heads = 0)),
        /config.json: model: heinsen-lm config: heads must be a positive integer/,
      ],
      [
        'unknown preset',
        (d) => editConfig(d, (c) => (c.model.preset = 'rnn')),
        /preset must be one of heinsen-lm, gpt, got "rnn"/,
      ],
      ['not JSON', (d) => writeFile(join(d, 'config.json'), '{'), /config.json: not valid JSON/],
      ['flipped weight', (d) => flipDataByte(d), /checksum mismatch/],
    ];
    for (const [what, damage, message] of cases) {
      const dir = await saved();
      await damage(dir);
      await expect(loadCheckpoint(dir), what).rejects.toThrow(MalformedFileError);
      await expect(loadCheckpoint(dir), what).rejects.toThrow(message);
    }
  });
});

async function rewriteModel(dir: string, edit: (p: Record<string, Tensor>) => unknown, step = '7') {
  const copy: Record<string, Tensor> = { ...params };
  edit(copy);
  await writeFile(join(dir, 'model.safetensors'), writeSafetensors(copy, { step, preset: 'heinsen-lm' }));
}

async function editConfig(
  dir: string,
  edit: (c: { model: { preset: string; config: Record<string, number> } }) => unknown,
) {
  const json = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
  edit(json);
  await writeFile(join(dir, 'config.json'), JSON.stringify(json));
}

async function flipDataByte(dir: string) {
  const path = join(dir, 'model.safetensors');
  const bytes = new Uint8Array(await readFile(path));
  bytes[bytes.length - 3]! ^= 0x10;
  await writeFile(path, bytes);
}
