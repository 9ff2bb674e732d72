import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/**
 * Hex SHA-256 over the header's JSON (every field but `sha256`, serialized by JSON.stringify) followed by
 * the data section. Covering the header as well as the data means an edit of the config (say `heads`, which
 * leaves every shape valid for most mechanisms) is caught, not only a flipped weight. The reader hashes its
 * own re-serialization of the parsed header, so whitespace does not matter but every value does.
 */
export function weightsChecksum(headerWithoutChecksum: unknown, data: Uint8Array): string {
  const json = new TextEncoder().encode(JSON.stringify(headerWithoutChecksum));
  return bytesToHex(sha256.create().update(json).update(data).digest());
}
