/** Sizes of one random [batch, heads, n, d] attention case, shared by the property-test arbitraries. */
export interface AttentionDims {
  readonly batch: number;
  readonly heads: number;
  readonly n: number;
  readonly dk: number;
  readonly dv: number;
  readonly chunkSize: number;
  readonly seed: number;
}
