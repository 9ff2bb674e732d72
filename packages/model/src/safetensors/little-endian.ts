/** Safetensors data is little-endian; typed arrays use the host's order, which is almost always the same. */
export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Copies `bytes` into a fresh, aligned buffer, swapping each `width`-byte element on a big-endian host.
 * Copying bytes (rather than DataView.getFloat32 per element) keeps NaN payloads bit exact.
 */
export function copyLittleEndian(bytes: Uint8Array, width: number): ArrayBuffer {
  const copy = bytes.slice();
  if (!HOST_IS_LITTLE_ENDIAN) {
    for (let i = 0; i < copy.length; i += width) copy.subarray(i, i + width).reverse();
  }
  return copy.buffer;
}
