import { InvalidInputValueError, MalformedFileError, Tensor } from '@constant-attention/core';
import { checkGptConfig, type GptConfig } from './gpt-config.js';
import { gptParamSpecs } from './gpt-params.js';
import { weightsChecksum } from './weights-checksum.js';

/**
 * Layout: 8-byte magic "CAGPTW01", uint32 LE header length H, H bytes of UTF-8 JSON header, zero
 * padding to a multiple of 4, then every tensor's float32 LE data in header order.
 * Header: { format: WEIGHTS_FORMAT, version: 2, config, tensors: [{ name, shape }], sha256 }, where sha256
 * is weightsChecksum(header without sha256, data). Version 1 files (no sha256) still load.
 */
export const WEIGHTS_FORMAT = 'constant-attention/gpt-weights';
export const WEIGHTS_VERSION = 2;
const MAGIC = 'CAGPTW01';

export interface GptWeights {
  readonly config: GptConfig;
  readonly params: Readonly<Record<string, Tensor>>;
}

/** Throws InvalidInputValueError for a NaN or infinite parameter: such a file could never be loaded. */
export function encodeWeights({ config, params }: GptWeights): Uint8Array {
  checkGptConfig(config);
  const specs = gptParamSpecs(config);
  const data = new Uint8Array(specs.reduce((n, s) => n + 4 * size(s.shape), 0));
  const view = new DataView(data.buffer);
  let offset = 0;
  for (const spec of specs) {
    const tensor = params[spec.name];
    if (!tensor) throw new MalformedFileError(`encodeWeights: param '${spec.name}' is missing`);
    if (!sameShape(tensor.shape, spec.shape)) {
      throw new MalformedFileError(
        `encodeWeights: param '${spec.name}' has shape [${tensor.shape.join(', ')}], the config needs [${spec.shape.join(', ')}]`,
      );
    }
    for (let i = 0; i < tensor.size; i++, offset += 4) {
      const value = Number(tensor.data[i]);
      // fround: float64 storage can hold values (1e39) that are finite but become Infinity as float32.
      if (!Number.isFinite(Math.fround(value))) {
        throw new InvalidInputValueError(
          `encodeWeights: param '${spec.name}' holds ${value} at index ${i}; weights must be finite in float32`,
        );
      }
      view.setFloat32(offset, value, true);
    }
  }
  const body = {
    format: WEIGHTS_FORMAT,
    version: WEIGHTS_VERSION,
    config,
    tensors: specs.map((s) => ({ name: s.name, shape: s.shape })),
  };
  const header = new TextEncoder().encode(JSON.stringify({ ...body, sha256: weightsChecksum(body, data) }));
  const dataStart = align4(MAGIC.length + 4 + header.length);
  const bytes = new Uint8Array(dataStart + data.length);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(bytes.buffer).setUint32(MAGIC.length, header.length, true);
  bytes.set(header, MAGIC.length + 4);
  bytes.set(data, dataStart);
  return bytes;
}

export function decodeWeights(bytes: Uint8Array, source = 'weights'): GptWeights {
  const fail = (what: string): never => {
    throw new MalformedFileError(`${source}: ${what}`);
  };
  if (bytes.length < MAGIC.length + 4) fail(`file is ${bytes.length} bytes, too short for the header`);
  const magic = new TextDecoder().decode(bytes.subarray(0, MAGIC.length));
  if (magic !== MAGIC) fail(`bad magic ${JSON.stringify(magic)}, expected ${JSON.stringify(MAGIC)}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(MAGIC.length, true);
  const headerEnd = MAGIC.length + 4 + headerLength;
  if (headerEnd > bytes.length) fail(`header length ${headerLength} runs past the end of the file`);
  let header: unknown;
  try {
    header = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(MAGIC.length + 4, headerEnd)),
    );
  } catch (cause) {
    throw new MalformedFileError(`${source}: header is not valid UTF-8 JSON`, { cause });
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    return fail('header is not a JSON object');
  const h = header as Record<string, unknown>;
  if (h.format !== WEIGHTS_FORMAT)
    fail(`format tag is ${JSON.stringify(h.format)}, expected ${JSON.stringify(WEIGHTS_FORMAT)}`);
  if (h.version !== 1 && h.version !== WEIGHTS_VERSION)
    fail(`unsupported version ${JSON.stringify(h.version)}`);
  const config = h.config as GptConfig;
  try {
    checkGptConfig(config);
  } catch (cause) {
    throw new MalformedFileError(`${source}: invalid config: ${(cause as Error).message}`, { cause });
  }
  if (!Array.isArray(h.tensors)) return fail('header has no tensors list');
  const listed = h.tensors as { name?: unknown; shape?: unknown }[];
  // Every layer lists tensors, so a layer count beyond the list is wrong; checking it first keeps a
  // corrupt `layers` (say 1e9) from building a billion specs.
  if (config.layers > listed.length)
    fail(`config has ${config.layers} layers, but the header lists only ${listed.length} tensors`);
  const specs = gptParamSpecs(config);
  if (listed.length !== specs.length)
    fail(`header lists ${listed.length} tensors, the config needs ${specs.length}`);
  specs.forEach((spec, i) => {
    const entry = listed[i]!;
    if (entry?.name !== spec.name)
      fail(`tensor ${i} is ${JSON.stringify(entry?.name)}, expected '${spec.name}'`);
    if (!Array.isArray(entry.shape) || !sameShape(entry.shape as number[], spec.shape)) {
      fail(
        `tensor '${spec.name}' has shape ${JSON.stringify(entry.shape)}, the config needs [${spec.shape.join(', ')}]`,
      );
    }
  });
  const dataStart = align4(headerEnd);
  const expectedLength = specs.reduce((n, s) => n + 4 * size(s.shape), dataStart);
  if (bytes.length !== expectedLength)
    fail(`file is ${bytes.length} bytes, the header implies ${expectedLength}`);
  if (bytes.subarray(headerEnd, dataStart).some((b) => b !== 0))
    fail(`padding after the header (bytes ${headerEnd} to ${dataStart}) is not zero`);
  // A version 2 header edited to say 1 would otherwise skip its checksum.
  if (h.version === 1 && 'sha256' in h)
    fail('version 1 header carries a sha256, which only version 2 writes');
  if (h.version === WEIGHTS_VERSION) {
    const { sha256: expected, ...body } = h;
    if (typeof expected !== 'string')
      fail(`header has no sha256 checksum (version ${WEIGHTS_VERSION} requires one)`);
    const actual = weightsChecksum(body, bytes.subarray(dataStart));
    if (actual !== expected)
      fail(`checksum mismatch: header and data hash to sha256 ${actual}, the header says ${expected}`);
  }
  const params: Record<string, Tensor> = {};
  let offset = dataStart;
  for (const spec of specs) {
    const data = new Float32Array(size(spec.shape));
    for (let i = 0; i < data.length; i++, offset += 4) {
      const value = view.getFloat32(offset, true);
      if (!Number.isFinite(value))
        fail(`tensor '${spec.name}' holds a non-finite value (${value}) at index ${i}`);
      data[i] = value;
    }
    params[spec.name] = new Tensor('float32', spec.shape, data);
  }
  return { config, params };
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function align4(n: number): number {
  return Math.ceil(n / 4) * 4;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
