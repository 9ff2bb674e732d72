import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MalformedFileError, Tensor } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { checkpointFromBytes, writeSafetensors } from '../src/index.js';
import { SHIPPED_CHECKPOINTS } from '../src/node/index.js';
import { TINY_CHECKPOINT_CONFIG, tinyCheckpointParams } from './support/tiny-checkpoint.js';

const config = TINY_CHECKPOINT_CONFIG;
const params = tinyCheckpointParams();
const configText = JSON.stringify(config);

describe('checkpointFromBytes (no file system)', () => {
  it('gives back the params written, bit for bit, and the config', () => {
    const modelBytes = writeSafetensors(params, { step: '7' });
    const loaded = checkpointFromBytes({ configText, modelBytes, source: 'mem' });
    expect(loaded.config).toEqual(config);
    expect(Object.keys(loaded.params).sort()).toEqual(Object.keys(params).sort());
    for (const [name, t] of Object.entries(params)) {
      expect(loaded.params[name]!.shape).toEqual(t.shape);
      expect(Array.from(loaded.params[name]!.data)).toEqual(Array.from(Float32Array.from(t.data)));
    }
  });

  it('reads the shipped heinsen-lm: its safetensors header lists exactly the tensors returned', async () => {
    const dir = SHIPPED_CHECKPOINTS['heinsen-lm'];
    const modelBytes = new Uint8Array(await readFile(join(dir, 'model.safetensors')));
    const loaded = checkpointFromBytes({
      configText: await readFile(join(dir, 'config.json'), 'utf8'),
      modelBytes,
      source: dir,
    });
    // Oracle: the safetensors header, parsed here by hand (8-byte LE length, then JSON).
    const headerLength = Number(new DataView(modelBytes.buffer).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(modelBytes.subarray(8, 8 + headerLength)));
    const names = Object.keys(header).filter((k) => k !== '__metadata__');
    expect(Object.keys(loaded.params).sort()).toEqual(names.sort());
    for (const name of names) {
      expect(loaded.params[name]!.shape).toEqual(header[name].shape);
      const [begin] = header[name].data_offsets as [number, number];
      const first = new DataView(modelBytes.buffer, 8 + headerLength + begin, 4).getFloat32(0, true);
      expect(loaded.params[name]!.data[0]).toBe(first);
    }
  });

  it('names the file and tensor when a param is missing, misshapen or extra, or the step differs', () => {
    const load =
      (tensors: Record<string, Tensor>, step = '7') =>
      () =>
        checkpointFromBytes({ configText, modelBytes: writeSafetensors(tensors, { step }), source: 'here' });
    const [first, ...rest] = Object.keys(params);
    const without = Object.fromEntries(rest.map((n) => [n, params[n]!]));
    expect(load(without)).toThrow(
      new MalformedFileError(`here/model.safetensors: tensor '${first}' is missing`),
    );
    expect(load({ ...params, [first!]: Tensor.full([1], 0) })).toThrow(
      /tensor '.*' has shape \[1\], the config needs/,
    );
    expect(load({ ...params, extra: Tensor.full([1], 0) })).toThrow(/tensor 'extra' is not a parameter/);
    expect(load(params, '8')).toThrow(/here\/model\.safetensors: holds step 8 but config\.json says 7/);
    expect(() =>
      checkpointFromBytes({ configText: '{', modelBytes: writeSafetensors(params), source: 'here' }),
    ).toThrow(/here\/config\.json: not valid JSON/);
  });
});
