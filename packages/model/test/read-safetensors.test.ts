import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MalformedFileError } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { readSafetensors, safetensorsToFloat32 } from '../src/index.js';
import { float32Bits, safetensorsBytes, uint16Bytes } from './support/safetensors-bytes.js';

// The repository's parent holds shared/; this file is <repo>/packages/model/test/.
const GOLDEN = fileURLToPath(
  new URL('../../../../shared/golden-lm/01_b2_n20_v61_d24_l2_h3_dk4_dv5/model.safetensors', import.meta.url),
);

const malformed = (bytes: Uint8Array, pattern: RegExp) => {
  expect(() => readSafetensors(bytes, 'test.safetensors')).toThrow(MalformedFileError);
  expect(() => readSafetensors(bytes, 'test.safetensors')).toThrow(pattern);
};

describe('readSafetensors on a file written by PyTorch', () => {
  const contents = readSafetensors(new Uint8Array(readFileSync(GOLDEN)), GOLDEN);

  it('lists every tensor with the shapes the reference model defines', () => {
    expect(contents.tensors.size).toBe(19);
    expect(contents.tensors.get('embed.weight')?.shape).toEqual([61, 24]);
    // n_heads * (2 d_key + d_val) = 3 * (2*4 + 5) = 39 rows, d_emb = 24 columns.
    expect(contents.tensors.get('layers.0.feedforward1.1.weight')?.shape).toEqual([39, 24]);
    expect(contents.tensors.get('layers.1.feedforward2.0.weight')?.shape).toEqual([48, 15]);
    expect(contents.tensors.get('lnorm.weight')?.shape).toEqual([24]);
    for (const entry of contents.tensors.values()) {
      expect(entry.dtype).toBe('F32');
      expect(entry.data).toBeInstanceOf(Float32Array);
    }
    expect(contents.metadata).toEqual({
      format: 'pt',
      source: 'glassroom/heinsen_attention generative_language_model.py state_dict',
    });
  });

  it('decodes the values bit for bit (oracle: Python struct.unpack of the same file)', () => {
    const bits = (name: string, i: number) =>
      float32Bits(contents.tensors.get(name)!.data as Float32Array)[i];
    expect(bits('embed.weight', 0)).toBe(0xbe29ddba);
    expect(bits('embed.weight', 1)).toBe(0x3e29d39e);
    expect(bits('embed.weight', 61 * 24 - 1)).toBe(0xbc214a89);
    expect(bits('layers.0.feedforward1.1.weight', 0)).toBe(0x3da3c67a);
    expect(bits('layers.0.feedforward1.1.weight', 39 * 24 - 1)).toBe(0xbe240f5e);
    expect(bits('lnorm.weight', 0)).toBe(0x3f864c34);
    expect(bits('lnorm.weight', 23)).toBe(0x3f8512ce);
  });

  it('gives float32 tensors that share the decoded data', () => {
    const tensors = safetensorsToFloat32(contents);
    expect(Object.keys(tensors)).toHaveLength(19);
    const embed = tensors['embed.weight']!;
    expect(embed.dtype).toBe('float32');
    expect(embed.shape).toEqual([61, 24]);
    expect(embed.data).toBe(contents.tensors.get('embed.weight')!.data);
  });
});

describe('readSafetensors widening of hand-built F16 and BF16 files', () => {
  // [+0, smallest subnormal, largest subnormal, 1, -2, 65504, inf, -inf, NaN]
  const f16 = [0x0000, 0x0001, 0x03ff, 0x3c00, 0xc000, 0x7bff, 0x7c00, 0xfc00, 0x7e00];
  // [-0, smallest subnormal, 1, pi rounded, largest finite, inf]
  const bf16 = [0x8000, 0x0001, 0x3f80, 0x4049, 0x7f7f, 0x7f80];
  const header = {
    __metadata__: { note: 'hand-built' },
    half: { dtype: 'F16', shape: [3, 3], data_offsets: [0, 18] },
    brain: { dtype: 'BF16', shape: [2, 3], data_offsets: [18, 30] },
  };
  const bytes = safetensorsBytes(header, new Uint8Array([...uint16Bytes(f16), ...uint16Bytes(bf16)]));
  const contents = readSafetensors(bytes, 'hand.safetensors');

  it('widens F16 exactly', () => {
    const half = contents.tensors.get('half')!;
    expect(half.dtype).toBe('F16');
    expect(half.shape).toEqual([3, 3]);
    expect(float32Bits(half.data as Float32Array)).toEqual([
      0x00000000, 0x33800000, 0x387fc000, 0x3f800000, 0xc0000000, 0x477fe000, 0x7f800000, 0xff800000,
      0x7fc00000,
    ]);
    expect(Array.from(half.data).slice(0, 8)).toEqual([
      0,
      2 ** -24,
      1023 * 2 ** -24,
      1,
      -2,
      65504,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ]);
  });

  it('widens BF16 exactly', () => {
    const brain = contents.tensors.get('brain')!;
    expect(float32Bits(brain.data as Float32Array)).toEqual(bf16.map((b) => b * 0x10000));
    expect(Object.is(brain.data[0], -0)).toBe(true);
    expect(brain.data[1]).toBe(2 ** -133);
    expect(brain.data[3]).toBe(3.140625);
  });

  it('keeps metadata and passes the float32 widening through safetensorsToFloat32', () => {
    expect(contents.metadata).toEqual({ note: 'hand-built' });
    const tensors = safetensorsToFloat32(contents);
    expect(tensors.half!.shape).toEqual([3, 3]);
    expect(tensors.brain!.data[2]).toBe(1);
  });
});

describe('readSafetensors of F64, I32 and I64', () => {
  it('reads F64 into a Float64Array, and narrows to float32 by rounding to nearest', () => {
    const data = new Float64Array([0.1, -1 / 3, 1e300, 2 ** -1074]);
    const bytes = safetensorsBytes(
      { x: { dtype: 'F64', shape: [4], data_offsets: [0, 32] } },
      new Uint8Array(data.buffer),
    );
    const contents = readSafetensors(bytes);
    expect(contents.tensors.get('x')!.data).toEqual(data);
    expect(contents.tensors.get('x')!.data).toBeInstanceOf(Float64Array);
    const narrowed = safetensorsToFloat32(contents).x!.data;
    expect(narrowed).toBeInstanceOf(Float32Array);
    expect(Array.from(narrowed)).toEqual([
      Math.fround(0.1),
      Math.fround(-1 / 3),
      Number.POSITIVE_INFINITY,
      0,
    ]);
  });

  it('reads I32 and in-range I64 into Int32Arrays and refuses I64 values beyond int32', () => {
    const i64 = new BigInt64Array([-(2n ** 31n), 2n ** 31n - 1n, 5n]);
    const i32 = new Int32Array([-7, 2 ** 31 - 1]);
    const header = {
      a: { dtype: 'I32', shape: [2], data_offsets: [0, 8] },
      b: { dtype: 'I64', shape: [3], data_offsets: [8, 32] },
    };
    const data = new Uint8Array([...new Uint8Array(i32.buffer), ...new Uint8Array(i64.buffer)]);
    const contents = readSafetensors(safetensorsBytes(header, data));
    expect(Array.from(contents.tensors.get('a')!.data)).toEqual([-7, 2 ** 31 - 1]);
    expect(Array.from(contents.tensors.get('b')!.data)).toEqual([-(2 ** 31), 2 ** 31 - 1, 5]);
    i64[2] = 2n ** 31n;
    const big = new Uint8Array([...new Uint8Array(i32.buffer), ...new Uint8Array(i64.buffer)]);
    malformed(safetensorsBytes(header, big), /tensor 'b': I64 value 2147483648 at index 2/);
  });
});

describe('readSafetensors refuses malformed files with MalformedFileError', () => {
  const ok = { x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } };
  const data8 = new Uint8Array(8);
  const tensorWith = (info: Record<string, unknown>) => ({ x: { ...ok.x, ...info } });

  it('accepts the baseline these cases edit', () => {
    expect(readSafetensors(safetensorsBytes(ok, data8)).tensors.get('x')!.shape).toEqual([2]);
  });
  it('names the source', () => {
    expect(() => readSafetensors(new Uint8Array(3), 'dir/m.safetensors')).toThrow(/^dir\/m\.safetensors: /);
  });
  it('file shorter than 8 bytes', () => malformed(new Uint8Array(7), /7 bytes, too short/));
  it('header length past the end', () =>
    malformed(safetensorsBytes(ok, data8, 1000n), /header length 1000 runs past the end/));
  it('header length over 100 MB, before any allocation', () =>
    malformed(safetensorsBytes(ok, data8, 2n ** 63n), /exceeds the 100000000-byte limit/));
  it('header not UTF-8', () =>
    malformed(
      safetensorsBytes('{"x":"\xff"}', new Uint8Array(0)).map((b, i) => (i === 14 ? 0xff : b)),
      /UTF-8 JSON/,
    ));
  it('header not JSON', () =>
    malformed(safetensorsBytes('{"x": ', new Uint8Array(0)), /not valid UTF-8 JSON/));
  it.each([['[]'], ['null'], ['7'], ['"s"']])('header %s is not an object', (h) =>
    malformed(safetensorsBytes(h, new Uint8Array(0)), /not a JSON object/),
  );
  it('metadata not an object', () =>
    malformed(
      safetensorsBytes({ __metadata__: ['a'] }, new Uint8Array(0)),
      /__metadata__ is not a JSON object/,
    ));
  it('metadata value not a string', () =>
    malformed(
      safetensorsBytes({ __metadata__: { n: 3 } }, new Uint8Array(0)),
      /entry 'n' is 3, not a string/,
    ));
  it('a tensor named __metadata__', () =>
    malformed(safetensorsBytes({ __metadata__: ok.x }, data8), /'__metadata__' is reserved/));
  it('tensor entry not an object', () => malformed(safetensorsBytes({ x: 3 }, data8), /'x': entry is not/));
  it('unknown field', () =>
    malformed(safetensorsBytes(tensorWith({ extra: 1 }), data8), /unknown field 'extra'/));
  it.each([['U8'], ['F8_E4M3'], ['f32'], [null], [4]])('dtype %s', (dtype) =>
    malformed(safetensorsBytes(tensorWith({ dtype }), data8), /tensor 'x': unsupported dtype/),
  );
  it.each([[[-2]], [[2.5]], [['2']], [2], [[2 ** 53]], [null]])('shape %j', (shape) =>
    malformed(safetensorsBytes(tensorWith({ shape }), data8), /tensor 'x': shape .* is not a list/),
  );
  it.each([[[0]], [[0, 8, 8]], [[0, -8]], [[0, 8.5]], [{ 0: 0, 1: 8 }], [undefined]])('offsets %j', (o) =>
    malformed(safetensorsBytes(tensorWith({ data_offsets: o }), data8), /tensor 'x': data_offsets .* is not/),
  );
  it('begin after end', () =>
    malformed(safetensorsBytes(tensorWith({ data_offsets: [8, 0] }), data8), /begin after end/));
  it('end beyond the data section', () =>
    malformed(safetensorsBytes(tensorWith({ data_offsets: [0, 16] }), data8), /end 16 is beyond the 8-byte/));
  it('byte length not shape times dtype size', () => {
    malformed(safetensorsBytes(tensorWith({ shape: [3] }), data8), /needs 12 bytes, .* hold 8/);
    malformed(safetensorsBytes(tensorWith({ dtype: 'F64' }), data8), /needs 16 bytes/);
    malformed(safetensorsBytes(tensorWith({ shape: [2 ** 52, 2 ** 52] }), data8), /tensor 'x': shape/);
  });
  it('overlapping tensors', () => {
    const header = { a: ok.x, b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } };
    malformed(safetensorsBytes(header, data8), /tensor 'b' at \[4, 8\] overlaps tensor 'a'/);
  });
  it('a hole in the data section', () => {
    const header = { a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } };
    malformed(safetensorsBytes(header, data8), /hole at bytes \[0, 4\)/);
  });
  it('trailing bytes no tensor covers', () =>
    malformed(safetensorsBytes(ok, new Uint8Array(12)), /4 trailing bytes/));
  it('accepts zero-size tensors anywhere, and a file with no tensors', () => {
    const header = { a: ok.x, e: { dtype: 'F64', shape: [0, 3], data_offsets: [8, 8] } };
    expect(readSafetensors(safetensorsBytes(header, data8)).tensors.get('e')!.data).toHaveLength(0);
    expect(readSafetensors(safetensorsBytes({}, new Uint8Array(0))).tensors.size).toBe(0);
  });
  it('keeps a metadata key "__proto__" as a plain entry', () => {
    const bytes = safetensorsBytes('{"__metadata__":{"__proto__":"x"}}', new Uint8Array(0));
    const { metadata } = readSafetensors(bytes);
    expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(metadata, '__proto__')?.value).toBe('x');
  });
});
