/** The smallest power of two >= n (1 for n <= 1): the block length of the dyadic causal splits. */
export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
