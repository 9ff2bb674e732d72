import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/**
 * Lowercase hex SHA-256. Synchronous and free of `node:` imports so that file readers stay
 * browser-safe; WebCrypto's digest would force every reader to be async.
 */
export function sha256Hex(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}
