import { MalformedFileError } from '@constant-attention/core';
import { sha256Hex } from '../sha256-hex.js';
import { bfloat16BitsToFloat32Bits, float16BitsToFloat32Bits } from './half-float-bits.js';
import { copyLittleEndian } from './little-endian.js';
import type { SafetensorsContents, SafetensorsEntry } from './safetensors-contents.js';
import { isSafetensorsDType, SAFETENSORS_DTYPE_BYTES, type SafetensorsDType } from './safetensors-dtype.js';

/** The limit the reference implementation uses: a larger header is an attack or a corrupt length field. */
export const SAFETENSORS_MAX_HEADER_BYTES = 100_000_000;
/** Metadata key holding the hex SHA-256 of the data section, written by writeSafetensors. */
export const SAFETENSORS_CHECKSUM_KEY = 'sha256';

interface Placed {
  readonly name: string;
  readonly dtype: SafetensorsDType;
  readonly shape: readonly number[];
  readonly begin: number;
  readonly end: number;
}

/**
 * Parses a safetensors file (8-byte LE header length, JSON header, data section) strictly: every field
 * is checked before it sizes an allocation, and the tensors must cover the data section exactly, without
 * overlaps or holes. When `__metadata__.sha256` is present the data section must hash to it.
 */
export function readSafetensors(bytes: Uint8Array, source = 'safetensors'): SafetensorsContents {
  const fail = (what: string, cause?: unknown): never => {
    throw new MalformedFileError(`${source}: ${what}`, cause === undefined ? undefined : { cause });
  };
  if (bytes.length < 8) fail(`file is ${bytes.length} bytes, too short for the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(SAFETENSORS_MAX_HEADER_BYTES))
    fail(`header length ${headerLength} exceeds the ${SAFETENSORS_MAX_HEADER_BYTES}-byte limit`);
  if (headerLength > BigInt(bytes.length - 8))
    fail(`header length ${headerLength} runs past the end of the ${bytes.length}-byte file`);
  const dataStart = 8 + Number(headerLength);
  const header = parseHeader(bytes.subarray(8, dataStart), fail);

  const metadata = readMetadata(header.__metadata__, fail);
  const placed: Placed[] = [];
  for (const [name, info] of Object.entries(header)) {
    if (name !== '__metadata__') placed.push(readTensorInfo(name, info, bytes.length - dataStart, fail));
  }
  checkCoverage(placed, bytes.length - dataStart, fail);

  const data = bytes.subarray(dataStart);
  const expected = metadata[SAFETENSORS_CHECKSUM_KEY];
  if (expected !== undefined) {
    const actual = sha256Hex(data);
    if (actual !== expected.toLowerCase())
      fail(`checksum mismatch: the data section hashes to sha256 ${actual}, the header says ${expected}`);
  }

  const tensors = new Map<string, SafetensorsEntry>();
  for (const p of placed) {
    tensors.set(p.name, {
      dtype: p.dtype,
      shape: Object.freeze([...p.shape]),
      data: decode(p, data.subarray(p.begin, p.end), fail),
    });
  }
  return { tensors, metadata: Object.freeze(metadata) };
}

type Fail = (what: string, cause?: unknown) => never;

function parseHeader(headerBytes: Uint8Array, fail: Fail): Record<string, unknown> {
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
  } catch (cause) {
    return fail('header is not valid UTF-8 JSON', cause);
  }
  if (!isPlainObject(header)) return fail('header is not a JSON object');
  return header;
}

function readMetadata(raw: unknown, fail: Fail): Record<string, string> {
  if (raw === undefined) return {};
  if (isPlainObject(raw) && 'dtype' in raw)
    fail("'__metadata__' is reserved for metadata and cannot name a tensor");
  if (!isPlainObject(raw)) return fail('__metadata__ is not a JSON object');
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string')
      fail(`__metadata__ entry '${key}' is ${JSON.stringify(value)}, not a string`);
  }
  // fromEntries defines own properties, so a key such as "__proto__" stays a plain entry.
  return Object.fromEntries(Object.entries(raw as Record<string, string>));
}

function readTensorInfo(name: string, info: unknown, dataLength: number, fail: Fail): Placed {
  const bad = (what: string): never => fail(`tensor '${name}': ${what}`);
  if (!isPlainObject(info)) return bad('entry is not a JSON object');
  for (const key of Object.keys(info)) {
    if (key !== 'dtype' && key !== 'shape' && key !== 'data_offsets') bad(`unknown field '${key}'`);
  }
  const { dtype, shape, data_offsets: offsets } = info;
  if (!isSafetensorsDType(dtype)) return bad(`unsupported dtype ${JSON.stringify(dtype)}`);
  if (!Array.isArray(shape) || !shape.every(isCount))
    return bad(`shape ${JSON.stringify(shape)} is not a list of non-negative integers`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount))
    return bad(`data_offsets ${JSON.stringify(offsets)} is not [begin, end] with non-negative integers`);
  const [begin, end] = offsets as [number, number];
  if (begin > end) bad(`data_offsets [${begin}, ${end}] has begin after end`);
  if (end > dataLength) bad(`data_offsets end ${end} is beyond the ${dataLength}-byte data section`);
  let count = 1;
  for (const d of shape as number[]) count *= d;
  const needed = count * SAFETENSORS_DTYPE_BYTES[dtype];
  if (!Number.isSafeInteger(needed) || needed !== end - begin) {
    bad(
      `shape [${shape.join(', ')}] of ${dtype} needs ${needed} bytes, data_offsets [${begin}, ${end}] hold ${end - begin}`,
    );
  }
  return { name, dtype, shape: shape as number[], begin, end };
}

/** The format requires the data section to be covered exactly: an overlap or a hole means corruption. */
function checkCoverage(placed: readonly Placed[], dataLength: number, fail: Fail): void {
  const sorted = [...placed].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let previous = '';
  for (const p of sorted) {
    if (p.begin < cursor)
      fail(`tensor '${p.name}' at [${p.begin}, ${p.end}] overlaps tensor '${previous}' ending at ${cursor}`);
    if (p.begin > cursor) fail(`data section has a hole at bytes [${cursor}, ${p.begin}) before '${p.name}'`);
    cursor = p.end;
    previous = p.name;
  }
  if (cursor !== dataLength)
    fail(`data section has ${dataLength - cursor} trailing bytes no tensor covers (from byte ${cursor})`);
}

function decode(p: Placed, bytes: Uint8Array, fail: Fail): Float64Array | Float32Array | Int32Array {
  switch (p.dtype) {
    case 'F64':
      return new Float64Array(copyLittleEndian(bytes, 8));
    case 'F32':
      return new Float32Array(copyLittleEndian(bytes, 4));
    case 'I32':
      return new Int32Array(copyLittleEndian(bytes, 4));
    case 'F16':
    case 'BF16': {
      const halves = new Uint16Array(copyLittleEndian(bytes, 2));
      const widen = p.dtype === 'F16' ? float16BitsToFloat32Bits : bfloat16BitsToFloat32Bits;
      const bits = new Uint32Array(halves.length);
      for (let i = 0; i < halves.length; i++) bits[i] = widen(halves[i]!);
      return new Float32Array(bits.buffer);
    }
    case 'I64': {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const out = new Int32Array(bytes.length / 8);
      for (let i = 0; i < out.length; i++) {
        const value = view.getBigInt64(8 * i, true);
        if (value !== BigInt.asIntN(32, value))
          fail(
            `tensor '${p.name}': I64 value ${value} at index ${i} does not fit the int32 this reader holds`,
          );
        out[i] = Number(value);
      }
      return out;
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}
