/** Head geometry of a peer comparison; the suite uses the bench's BENCH_DIMS, tests tiny ones. */
export interface PeerDims {
  readonly batch: number;
  readonly heads: number;
  readonly dk: number;
  readonly dv: number;
}
