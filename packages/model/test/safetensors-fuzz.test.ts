import { MalformedFileError, Tensor } from '@constant-attention/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSafetensors, writeSafetensors } from '../src/index.js';
import { safetensorsBytes } from './support/safetensors-bytes.js';

/** Either a MalformedFileError or a self-consistent result; anything else (or a hang) fails the run. */
function readOrMalformed(bytes: Uint8Array): ReturnType<typeof readSafetensors> | MalformedFileError {
  try {
    const contents = readSafetensors(bytes, 'fuzz.safetensors');
    for (const entry of contents.tensors.values()) {
      expect(entry.data.length).toBe(entry.shape.reduce((a, b) => a * b, 1));
    }
    return contents;
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedFileError);
    expect((error as Error).message).toMatch(/^fuzz\.safetensors: /);
    return error as MalformedFileError;
  }
}

const tensors = {
  'a.weight': Tensor.float32(
    Array.from({ length: 12 }, (_, i) => i / 7),
    [3, 4],
  ),
  'b.bias': Tensor.float64([1, -2, 3], [3]),
  ids: Tensor.int32([5, 6], [2]),
};
const withChecksum = writeSafetensors(tensors, { note: 'fuzz' });
const headerLength = Number(new DataView(withChecksum.buffer).getBigUint64(0, true));
const dataStart = 8 + headerLength;
const header = JSON.parse(new TextDecoder().decode(withChecksum.subarray(8, dataStart)));
const data = withChecksum.subarray(dataStart);
const { sha256: _sha, ...plainMetadata } = header.__metadata__;
const withoutChecksum = safetensorsBytes({ ...header, __metadata__: plainMetadata }, data);
const runs = { numRuns: 300 };

describe('readSafetensors under fuzzing', () => {
  it('every strict truncation is malformed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: withChecksum.length - 1 }), (n) => {
        expect(readOrMalformed(withChecksum.slice(0, n))).toBeInstanceOf(MalformedFileError);
      }),
      runs,
    );
  });

  it('bit flips: data flips are checksum mismatches, header flips are malformed or benign', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: withChecksum.length - 1 }),
        fc.integer({ min: 0, max: 7 }),
        (at, bit) => {
          const bytes = withChecksum.slice();
          bytes[at]! ^= 1 << bit;
          const result = readOrMalformed(bytes);
          if (at >= dataStart) expect(String(result)).toMatch(/checksum mismatch/);
          if (at < 8) expect(result).toBeInstanceOf(MalformedFileError);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('without a checksum, a data flip loads and changes exactly that byte', () => {
    const start = withoutChecksum.length - data.length;
    const original = readSafetensors(withoutChecksum);
    const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    fc.assert(
      fc.property(fc.integer({ min: start, max: withoutChecksum.length - 1 }), (at) => {
        const bytes = withoutChecksum.slice();
        bytes[at]! ^= 0x80;
        const result = readOrMalformed(bytes);
        if (result instanceof MalformedFileError) throw result;
        let changed = 0;
        for (const [name, entry] of original.tensors) {
          const before = bytesOf(entry.data);
          const after = bytesOf(result.tensors.get(name)!.data);
          for (let i = 0; i < before.length; i++) changed += before[i] === after[i] ? 0 : 1;
        }
        expect(changed).toBe(1);
      }),
      runs,
    );
  });

  it('random byte strings and random headers are malformed, never another error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        readOrMalformed(bytes);
      }),
      runs,
    );
    fc.assert(
      fc.property(fc.jsonValue(), fc.uint8Array({ maxLength: 32 }), (h, d) => {
        readOrMalformed(safetensorsBytes(h, d));
      }),
      runs,
    );
  });

  const edit = fc.oneof(
    fc.record({
      field: fc.constant('shape' as const),
      value: fc.array(fc.oneof(fc.integer({ min: -3, max: 20 }), fc.double(), fc.string()), { maxLength: 3 }),
    }),
    fc.record({
      field: fc.constant('dtype' as const),
      value: fc.constantFrom('F64', 'F32', 'F16', 'BF16', 'I32', 'I64', 'U8', 'BOOL', '', 'f32'),
    }),
    fc.record({
      field: fc.constant('data_offsets' as const),
      value: fc.array(fc.oneof(fc.integer({ min: -8, max: 200 }), fc.double()), { maxLength: 3 }),
    }),
  );

  it('header edits of shape, dtype and offsets are malformed unless they stay consistent', () => {
    fc.assert(
      fc.property(fc.constantFrom('a.weight', 'b.bias', 'ids'), edit, fc.boolean(), (name, e, checked) => {
        const edited = structuredClone(header);
        edited[name][e.field] = e.value;
        if (!checked) edited.__metadata__ = plainMetadata;
        readOrMalformed(safetensorsBytes(edited, data));
      }),
      { numRuns: 1000 },
    );
  });

  it('a wrong length field is malformed', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (length) => {
        fc.pre(length !== BigInt(headerLength));
        const bytes = withChecksum.slice();
        new DataView(bytes.buffer).setBigUint64(0, length, true);
        expect(readOrMalformed(bytes)).toBeInstanceOf(MalformedFileError);
      }),
      runs,
    );
  });
});
