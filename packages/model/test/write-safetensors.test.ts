import { createHash } from 'node:crypto';
import { InvalidArgumentError, MalformedFileError, Tensor } from '@constant-attention/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSafetensors, writeSafetensors } from '../src/index.js';

const bitsOf = (data: ArrayBufferView) => new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

function headerOf(bytes: Uint8Array): { length: number; text: string } {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return { length, text: new TextDecoder().decode(bytes.subarray(8, 8 + length)) };
}

describe('writeSafetensors', () => {
  const tensors = {
    'z.last': Tensor.float32([1.5, -0, Number.NaN, Number.POSITIVE_INFINITY], [2, 2]),
    'a.first': Tensor.float64([0.1, 1e300, -(2 ** -1074)], [3]),
    ids: Tensor.int32([-(2 ** 31), 0, 2 ** 31 - 1], [1, 3]),
    empty: Tensor.float32([], [0, 4]),
  };

  it('writes F32, F64 and I32, in sorted name order, header space-padded to 8 bytes', () => {
    const bytes = writeSafetensors(tensors, { kind: 'test' });
    const { length, text } = headerOf(bytes);
    expect(length % 8).toBe(0);
    expect(text).toMatch(/^\{.*\} *$/);
    const header = JSON.parse(text);
    expect(Object.keys(header)).toEqual(['__metadata__', 'a.first', 'empty', 'ids', 'z.last']);
    expect(header['a.first']).toEqual({ dtype: 'F64', shape: [3], data_offsets: [0, 24] });
    expect(header.empty).toEqual({ dtype: 'F32', shape: [0, 4], data_offsets: [24, 24] });
    expect(header.ids).toEqual({ dtype: 'I32', shape: [1, 3], data_offsets: [24, 36] });
    expect(header['z.last']).toEqual({ dtype: 'F32', shape: [2, 2], data_offsets: [36, 52] });
    expect(bytes.length).toBe(8 + length + 52);
    // Oracle for the checksum: node's own SHA-256 of the data section.
    const data = bytes.subarray(8 + length);
    expect(header.__metadata__).toEqual({
      kind: 'test',
      sha256: createHash('sha256').update(data).digest('hex'),
    });
  });

  it('round-trips bit exactly, NaN and -0 included', () => {
    const contents = readSafetensors(writeSafetensors(tensors));
    for (const [name, tensor] of Object.entries(tensors)) {
      const entry = contents.tensors.get(name)!;
      expect(entry.shape).toEqual(tensor.shape);
      expect(entry.data.constructor).toBe(tensor.data.constructor);
      expect(bitsOf(entry.data)).toEqual(bitsOf(tensor.data));
    }
  });

  it('round-trips random F32 and F64 bit patterns exactly (property)', () => {
    const tensorArb = fc.oneof(
      fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { maxLength: 40 }).map((words) => {
        return new Tensor('float32', [words.length], new Float32Array(new Uint32Array(words).buffer));
      }),
      fc.array(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), { maxLength: 20 }).map((words) => {
        return new Tensor('float32', [words.length], new Float64Array(new BigUint64Array(words).buffer));
      }),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), tensorArb), (dict) => {
        fc.pre(!('__metadata__' in dict));
        const contents = readSafetensors(writeSafetensors(dict));
        expect([...contents.tensors.keys()].sort()).toEqual(Object.keys(dict).sort());
        for (const [name, tensor] of Object.entries(dict)) {
          expect(bitsOf(contents.tensors.get(name)!.data)).toEqual(bitsOf(tensor.data));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps a caller-supplied sha256, and the reader verifies it', () => {
    const t = { x: Tensor.float32([1, 2], [2]) };
    const good = writeSafetensors(t);
    const sha = JSON.parse(headerOf(good).text).__metadata__.sha256 as string;
    expect(readSafetensors(writeSafetensors(t, { sha256: sha.toUpperCase() })).tensors.size).toBe(1);
    const wrong = writeSafetensors(t, { sha256: '0'.repeat(64) });
    expect(() => readSafetensors(wrong, 'w.safetensors')).toThrow(MalformedFileError);
    expect(() => readSafetensors(wrong, 'w.safetensors')).toThrow(/^w\.safetensors: checksum mismatch/);
  });

  it('a flipped data byte is a checksum mismatch', () => {
    const bytes = writeSafetensors(tensors);
    bytes[bytes.length - 1]! ^= 0x01;
    expect(() => readSafetensors(bytes)).toThrow(/checksum mismatch/);
  });

  it('refuses a tensor named __metadata__, bool tensors and non-string metadata', () => {
    expect(() => writeSafetensors({ __metadata__: Tensor.float32([1], [1]) })).toThrow(InvalidArgumentError);
    const mask = new Tensor('bool', [1], new Uint8Array([1]));
    expect(() => writeSafetensors({ mask })).toThrow(/tensor 'mask' has dtype bool/);
    const bad = { n: 3 } as unknown as Record<string, string>;
    expect(() => writeSafetensors({}, bad)).toThrow(/metadata 'n' is a number/);
  });

  it('writes a tensor named "__proto__" as an ordinary entry', () => {
    const dict = Object.fromEntries([['__proto__', Tensor.float32([7], [1])]]);
    const contents = readSafetensors(writeSafetensors(dict));
    expect(Array.from(contents.tensors.get('__proto__')!.data)).toEqual([7]);
  });
});
