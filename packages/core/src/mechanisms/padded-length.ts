/** n rounded up to whole blocks: chunked graphs pad the last chunk, and their cost counts the padding. */
export function paddedLength(n: number, block: number): number {
  return Math.ceil(n / block) * block;
}
