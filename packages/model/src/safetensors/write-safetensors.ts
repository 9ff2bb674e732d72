import { InvalidArgumentError, type Tensor } from '@constant-attention/core';
import { sha256Hex } from '../sha256-hex.js';
import { HOST_IS_LITTLE_ENDIAN } from './little-endian.js';
import { SAFETENSORS_CHECKSUM_KEY, SAFETENSORS_MAX_HEADER_BYTES } from './read-safetensors.js';
import { SAFETENSORS_DTYPE_BYTES, type SafetensorsDType } from './safetensors-dtype.js';

/**
 * Writes float32 tensors as F32 (F64 when their storage is a Float64Array) and int32 tensors as I32,
 * in sorted name order, with the header padded by spaces to 8 bytes as the reference writer does.
 * Adds `__metadata__.sha256` (hex SHA-256 of the data section) unless `metadata` already has one.
 */
export function writeSafetensors(
  tensors: Readonly<Record<string, Tensor>>,
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string')
      throw new InvalidArgumentError(
        `writeSafetensors: metadata '${key}' is a ${typeof value}, not a string`,
      );
  }
  const names = Object.keys(tensors).sort();
  const layout = names.map((name) => {
    if (name === '__metadata__')
      throw new InvalidArgumentError("writeSafetensors: '__metadata__' is reserved and cannot name a tensor");
    const tensor = tensors[name]!;
    return { name, tensor, dtype: dtypeOf(name, tensor) };
  });

  let dataLength = 0;
  const entries = layout.map(({ name, tensor, dtype }) => {
    const begin = dataLength;
    dataLength += tensor.size * SAFETENSORS_DTYPE_BYTES[dtype];
    return [name, { dtype, shape: [...tensor.shape], data_offsets: [begin, dataLength] }] as const;
  });
  const data = new Uint8Array(dataLength);
  let offset = 0;
  for (const { tensor } of layout) {
    const bytes = new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
    data.set(bytes, offset);
    if (!HOST_IS_LITTLE_ENDIAN) {
      const width = tensor.data.BYTES_PER_ELEMENT;
      for (let i = offset; i < offset + bytes.length; i += width) data.subarray(i, i + width).reverse();
    }
    offset += bytes.length;
  }

  const fullMetadata = Object.hasOwn(metadata, SAFETENSORS_CHECKSUM_KEY)
    ? { ...metadata }
    : { ...metadata, [SAFETENSORS_CHECKSUM_KEY]: sha256Hex(data) };
  // fromEntries defines own properties, so a tensor named "__proto__" is written, not taken as a prototype.
  const header = Object.fromEntries([['__metadata__', fullMetadata], ...entries]);
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.length / 8) * 8;
  if (headerLength > SAFETENSORS_MAX_HEADER_BYTES)
    throw new InvalidArgumentError(
      `writeSafetensors: the header would be ${headerLength} bytes, over the limit`,
    );

  const out = new Uint8Array(8 + headerLength + dataLength);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.fill(0x20, 8, 8 + headerLength);
  out.set(json, 8);
  out.set(data, 8 + headerLength);
  return out;
}

function dtypeOf(name: string, tensor: Tensor): SafetensorsDType {
  if (tensor.data instanceof Float64Array) return 'F64';
  if (tensor.data instanceof Float32Array) return 'F32';
  if (tensor.data instanceof Int32Array) return 'I32';
  throw new InvalidArgumentError(
    `writeSafetensors: tensor '${name}' has dtype ${tensor.dtype}, which safetensors output does not support here`,
  );
}
