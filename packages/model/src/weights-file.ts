import { MalformedFileError, Tensor } from '@constant-attention/core';
import { checkGptConfig, type GptConfig } from './gpt-config.js';
import { gptParamSpecs } from './gpt-params.js';

/**
 * Layout: 8-byte magic "CAGPTW01", uint32 LE header length H, H bytes of UTF-8 JSON header, zero
 * padding to a multiple of 4, then every tensor's float32 LE data in header order.
 * Header: { format: WEIGHTS_FORMAT, version: 1, config, tensors: [{ name, shape }] }.
 */
export const WEIGHTS_FORMAT = 'constant-attention/gpt-weights';
export const WEIGHTS_VERSION = 1;
const MAGIC = 'CAGPTW01';

export interface GptWeights {
  readonly config: GptConfig;
  readonly params: Readonly<Record<string, Tensor>>;
}

export function encodeWeights({ config, params }: GptWeights): Uint8Array {
  checkGptConfig(config);
  const specs = gptParamSpecs(config);
  const header = new TextEncoder().encode(
    JSON.stringify({
      format: WEIGHTS_FORMAT,
      version: WEIGHTS_VERSION,
      config,
      tensors: specs.map((s) => ({ name: s.name, shape: s.shape })),
    }),
  );
  const dataStart = align4(MAGIC.length + 4 + header.length);
  const total = specs.reduce((n, s) => n + 4 * size(s.shape), dataStart);
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(MAGIC.length, header.length, true);
  bytes.set(header, MAGIC.length + 4);
  let offset = dataStart;
  for (const spec of specs) {
    const tensor = params[spec.name];
    if (!tensor) throw new MalformedFileError(`encodeWeights: param '${spec.name}' is missing`);
    if (!sameShape(tensor.shape, spec.shape)) {
      throw new MalformedFileError(
        `encodeWeights: param '${spec.name}' has shape [${tensor.shape.join(', ')}], the config needs [${spec.shape.join(', ')}]`,
      );
    }
    for (let i = 0; i < tensor.size; i++, offset += 4) view.setFloat32(offset, Number(tensor.data[i]), true);
  }
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
  if (typeof header !== 'object' || header === null) return fail('header is not a JSON object');
  const h = header as Record<string, unknown>;
  if (h.format !== WEIGHTS_FORMAT)
    fail(`format tag is ${JSON.stringify(h.format)}, expected ${JSON.stringify(WEIGHTS_FORMAT)}`);
  if (h.version !== WEIGHTS_VERSION) fail(`unsupported version ${JSON.stringify(h.version)}`);
  const config = h.config as GptConfig;
  try {
    checkGptConfig(config);
  } catch (cause) {
    throw new MalformedFileError(`${source}: invalid config: ${(cause as Error).message}`, { cause });
  }
  if (!Array.isArray(h.tensors)) return fail('header has no tensors list');
  const specs = gptParamSpecs(config);
  const listed = h.tensors as { name?: unknown; shape?: unknown }[];
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
