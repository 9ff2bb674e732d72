/**
 * Version v of the kill test's file: `v % 251 + 1` repeated `versionLength(v)` times, so that a torn,
 * truncated or mixed file cannot pass for any whole version.
 */
export function versionLength(v: number): number {
  return 4096 + 1024 * (v % 13);
}

export function versionBytes(v: number): Uint8Array {
  return new Uint8Array(versionLength(v)).fill((v % 251) + 1);
}

/** The versions `bytes` could be whole copies of, among `candidates`; empty if it is none of them. */
export function matchingVersions(bytes: Uint8Array, candidates: readonly number[]): number[] {
  return candidates.filter((v) => {
    const fill = (v % 251) + 1;
    return bytes.length === versionLength(v) && bytes.every((b) => b === fill);
  });
}
