import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MalformedFileError } from '@constant-attention/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWeights, type GptConfig, gptParamSpecs, initGptParams } from '../src/index.js';
import { loadWeights, saveWeights } from '../src/node/index.js';

const config: GptConfig = { vocab: 7, seq: 5, dModel: 8, heads: 2, layers: 2, mechanism: 'linear-gated' };
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ca-weights-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Rebuilds a file from parts so that each test breaks exactly one thing. */
function fileWith(header: unknown, dataBytes: number, magic = 'CAGPTW01'): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = Math.ceil((12 + json.length) / 4) * 4;
  const bytes = new Uint8Array(start + dataBytes);
  bytes.set(new TextEncoder().encode(magic), 0);
  new DataView(bytes.buffer).setUint32(8, json.length, true);
  bytes.set(json, 12);
  return bytes;
}

function validHeader(): Record<string, unknown> {
  return {
    format: 'constant-attention/gpt-weights',
    version: 1,
    config,
    tensors: gptParamSpecs(config).map((s) => ({ name: s.name, shape: s.shape })),
  };
}

const dataBytes = gptParamSpecs(config).reduce((n, s) => n + 4 * s.shape.reduce((a, b) => a * b, 1), 0);

describe('weights file', () => {
  it('round-trips every parameter bit for bit and leaves no temporary file', async () => {
    const params = initGptParams(config, 42);
    const path = join(dir, 'model.weights');
    await saveWeights(path, { config, params });
    const loaded = await loadWeights(path);
    expect(loaded.config).toEqual(config);
    expect(Object.keys(loaded.params)).toEqual(Object.keys(params));
    for (const [name, t] of Object.entries(params)) {
      expect(loaded.params[name]!.shape).toEqual(t.shape);
      expect(Array.from(loaded.params[name]!.data)).toEqual(Array.from(t.data));
    }
    expect(await readdir(dir)).toEqual(['model.weights']);
  });

  it('overwrites atomically: the old file stays intact when encoding fails', async () => {
    const path = join(dir, 'keep.weights');
    await saveWeights(path, { config, params: initGptParams(config, 1) });
    const before = await readFile(path);
    const broken = { ...initGptParams(config, 2) };
    delete broken['blocks.1.ffn.w2'];
    await expect(saveWeights(path, { config, params: broken })).rejects.toThrow(/blocks.1.ffn.w2/);
    expect(Buffer.compare(await readFile(path), before)).toBe(0);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('init is deterministic per seed and differs across seeds', () => {
    const a = initGptParams(config, 5)['blocks.0.attn.wq']!.data;
    const b = initGptParams(config, 5)['blocks.0.attn.wq']!.data;
    const c = initGptParams(config, 6)['blocks.0.attn.wq']!.data;
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  const header = validHeader;
  it.each<[string, () => Uint8Array, RegExp]>([
    ['a truncated header', () => new Uint8Array(6), /too short/],
    ['a wrong magic', () => fileWith(header(), dataBytes, 'NOTAGPT!'), /bad magic/],
    [
      'a header length past the end',
      () => {
        const bytes = fileWith(header(), 0);
        new DataView(bytes.buffer).setUint32(8, 1e6, true);
        return bytes;
      },
      /runs past the end/,
    ],
    [
      'a header that is not JSON',
      () => {
        const bytes = fileWith(header(), dataBytes);
        bytes[12] = 0x7b;
        bytes[13] = 0x7b;
        return bytes;
      },
      /not valid UTF-8 JSON/,
    ],
    ['a wrong format tag', () => fileWith({ ...header(), format: 'safetensors' }, dataBytes), /format tag/],
    ['an unsupported version', () => fileWith({ ...header(), version: 9 }, dataBytes), /version 9/],
    [
      'an invalid config',
      () => fileWith({ ...header(), config: { ...config, heads: 3 } }, dataBytes),
      /invalid config.*divisible/,
    ],
    [
      'an unknown mechanism',
      () => fileWith({ ...header(), config: { ...config, mechanism: 'nope' } }, dataBytes),
      /unknown mechanism 'nope'/,
    ],
    [
      'a tensor with the wrong shape',
      () => {
        const h = header();
        (h.tensors as { shape: number[] }[])[0]!.shape = [8, 7];
        return fileWith(h, dataBytes);
      },
      /'tok_emb' has shape \[8,7\]/,
    ],
    [
      'a missing tensor',
      () => {
        const h = header();
        (h.tensors as unknown[]).pop();
        return fileWith(h, dataBytes);
      },
      /lists \d+ tensors/,
    ],
    ['truncated data', () => fileWith(header(), dataBytes - 4), /header implies/],
    [
      'a NaN weight (version 1: no checksum to catch it first)',
      () => {
        const bytes = fileWith(header(), dataBytes);
        new DataView(bytes.buffer).setFloat32(bytes.length - 4, Number.NaN, true);
        return bytes;
      },
      /'ln_f.beta' holds a non-finite value/,
    ],
  ])('rejects %s with MalformedFileError', async (_, make, message) => {
    const path = join(dir, 'bad.weights');
    await writeFile(path, make());
    const error = await loadWeights(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedFileError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(path);
    expect(() => decodeWeights(make())).toThrow(MalformedFileError);
  });
});
