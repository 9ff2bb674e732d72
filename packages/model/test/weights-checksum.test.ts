import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidInputValueError, MalformedFileError, Tensor } from '@constant-attention/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeWeights,
  encodeWeights,
  type GptConfig,
  gptParamSpecs,
  initGptParams,
  WEIGHTS_VERSION,
} from '../src/index.js';
import { saveWeights } from '../src/node/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ca-weights-v2-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const softmax: GptConfig = { vocab: 7, seq: 5, dModel: 8, heads: 2, layers: 1, mechanism: 'softmax' };
const gated: GptConfig = { ...softmax, mechanism: 'linear-gated' };

/** Splits a file into its parts, and rebuilds one from an edited header with the same data. */
function parts(bytes: Uint8Array) {
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length)));
  const data = bytes.subarray(Math.ceil((12 + length) / 4) * 4);
  return { header, data };
}
function rebuild(header: unknown, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = Math.ceil((12 + json.length) / 4) * 4;
  const bytes = new Uint8Array(start + data.length);
  bytes.set(new TextEncoder().encode('CAGPTW01'), 0);
  new DataView(bytes.buffer).setUint32(8, json.length, true);
  bytes.set(json, 12);
  bytes.set(data, start);
  return bytes;
}

describe('weights file version 2 checksum', () => {
  const bytes = encodeWeights({ config: softmax, params: initGptParams(softmax, 3) });
  const { header, data } = parts(bytes);

  it('writes version 2 with the SHA-256 of the header (without sha256) then the data', () => {
    expect(WEIGHTS_VERSION).toBe(2);
    expect(header.version).toBe(2);
    const { sha256, ...body } = header;
    // Oracle: node's own SHA-256 over the same byte sequence.
    const want = createHash('sha256').update(JSON.stringify(body)).update(data).digest('hex');
    expect(sha256).toBe(want);
    expect(decodeWeights(bytes).config).toEqual(softmax);
  });

  it('a flipped data byte is a checksum mismatch', () => {
    for (const at of [0, 1, data.length >> 1, data.length - 1]) {
      const flipped = bytes.slice();
      flipped[bytes.length - data.length + at]! ^= 0x04;
      expect(() => decodeWeights(flipped, 'f.weights')).toThrow(MalformedFileError);
      expect(() => decodeWeights(flipped, 'f.weights')).toThrow(/^f\.weights: checksum mismatch/);
    }
  });

  it('an edit of heads whose shapes still fit is caught by the checksum', () => {
    // softmax has no per-head tensor, so heads 2 -> 4 leaves every shape valid: only the checksum sees it.
    const edited = rebuild({ ...header, config: { ...softmax, heads: 4 } }, data);
    expect(() => decodeWeights(edited)).toThrow(/checksum mismatch/);
  });

  it('an edit of heads that changes a shape is caught by the config check, even in version 1', () => {
    const g = parts(encodeWeights({ config: gated, params: initGptParams(gated, 3) }));
    const { sha256: _, ...v1 } = g.header;
    for (const h of [g.header, { ...v1, version: 1 }]) {
      const edited = rebuild({ ...h, config: { ...gated, heads: 4 } }, g.data);
      expect(() => decodeWeights(edited)).toThrow(
        /'blocks\.0\.attn\.wg' has shape \[8,2\], the config needs \[8, 4\]/,
      );
    }
  });

  it('version 2 without a sha256 is malformed; version 1 without one loads', () => {
    const { sha256: _, ...body } = header;
    expect(() => decodeWeights(rebuild(body, data))).toThrow(/no sha256 checksum/);
    const v1 = decodeWeights(rebuild({ ...body, version: 1 }, data));
    const original = decodeWeights(bytes);
    for (const spec of gptParamSpecs(softmax)) {
      expect(v1.params[spec.name]!.data).toEqual(original.params[spec.name]!.data);
    }
  });

  it('a huge layer count is refused before building the parameter list', () => {
    const edited = rebuild({ ...header, config: { ...softmax, layers: 1e9 } }, data);
    expect(() => decodeWeights(edited)).toThrow(/1000000000 layers, but the header lists only/);
  });
});

describe('encodeWeights and saveWeights refuse non-finite parameters', () => {
  it.each([
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [Number.NEGATIVE_INFINITY, '-Infinity'],
  ])(
    '%s is an InvalidInputValueError naming the param and index, and nothing is written',
    async (bad, text) => {
      const params = { ...initGptParams(softmax, 1) };
      const w = params['blocks.0.attn.wk']!;
      const data = Float32Array.from(w.data);
      data[13] = bad;
      data[20] = bad;
      params['blocks.0.attn.wk'] = new Tensor('float32', w.shape, data);
      expect(() => encodeWeights({ config: softmax, params })).toThrow(InvalidInputValueError);
      expect(() => encodeWeights({ config: softmax, params })).toThrow(
        `param 'blocks.0.attn.wk' holds ${text} at index 13`,
      );
      const path = join(dir, `bad-${text}.weights`);
      await expect(saveWeights(path, { config: softmax, params })).rejects.toThrow(InvalidInputValueError);
      expect((await readdir(dir)).filter((f) => f.includes(`bad-${text}`))).toEqual([]);
    },
  );

  it('float64 storage that overflows float32 is refused too, not written as Infinity', () => {
    const params = { ...initGptParams(softmax, 1) };
    const g = params['ln_f.gamma']!;
    params['ln_f.gamma'] = Tensor.float64([...Array.from(g.data).slice(0, -1), 1e39], g.shape);
    // 1e39 is finite in float64 but rounds to Infinity in float32.
    expect(() => encodeWeights({ config: softmax, params })).toThrow(/'ln_f.gamma' holds 1e\+39 at index 7/);
  });
});

describe('weights file version 2 strictness', () => {
  const bytes = encodeWeights({ config: softmax, params: initGptParams(softmax, 3) });
  const { header, data } = parts(bytes);

  it('a version 2 header edited to say version 1 is refused, not loaded unchecked', () => {
    expect(() => decodeWeights(rebuild({ ...header, version: 1 }, data))).toThrow(
      /version 1 header carries a sha256/,
    );
  });

  it('non-zero padding between header and data is refused', () => {
    // Header lengths differ by vocab's digits; take the first config whose header needs padding.
    const padded = [7, 10, 100, 1000]
      .map((vocab) =>
        encodeWeights({ config: { ...softmax, vocab }, params: initGptParams({ ...softmax, vocab }, 1) }),
      )
      .find((b) => new DataView(b.buffer).getUint32(8, true) % 4 !== 0)!;
    const paddingStart = 12 + new DataView(padded.buffer).getUint32(8, true);
    const edited = padded.slice();
    expect(decodeWeights(edited).config.dModel).toBe(8);
    edited[paddingStart] = 0x20;
    expect(() => decodeWeights(edited)).toThrow(/padding after the header .* is not zero/);
  });
});
