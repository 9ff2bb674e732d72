import { subtractedShift } from '../../composites/shift.js';
import { stopGradient } from '../../composites/stop-gradient.js';
import type { GraphBuilder, Value } from '../../ir/builder.js';
import { causalMask } from '../common/causal-mask.js';
import type { PrefixRead } from './prefix-read.js';

/**
 * The largest gap, in log units, between a row's offset on the fast path and a log weight the row is
 * known to see, for which the fast path is exact. Below it every term within e^-27 of the row's
 * largest is a product of two normal floats: the largest term is at least e^-60 of the offset with
 * each factor <= 1, and float32 stays normal down to e^-87.
 */
export const FAST_PATH_MAX_GAP = 60;

/**
 * The largest segment the fast path takes. It makes each segment's whole square, twice the weights of
 * the triangle, which pays while the dyadic path's per-level passes dominate. Causal parallel runs one
 * chunk of n, so its segments are n / 4 long. Paired A/Bs of exported causal parallel models on ORT CPU
 * (H = 8, d = 64, 2 threads, both orders): with the fast path, segments of 256 tokens ran 5-14% faster
 * (n = 1024), of 512 11-14% faster (n = 2048), of 1024 5-9% slower (n = 4096); at n = 8192 a bench run
 * read 355 against 263 ms and 1.2 GiB against 405 MiB.
 */
export const FAST_PATH_MAX_SEGMENT = 512;

export interface SegmentFastMass {
  /** Mass of the in-chunk causal part and the prefix [..., L, w], against `rowMax`. */
  readonly mass: Value;
  /** The fast path's row offset [..., L, 1]. */
  readonly rowMax: Value;
}

/**
 * A chunk's causal mass with one GEMM per segment instead of the dyadic split: the segment's
 * queries [..., L, d_k] against all of its keys' factors exp(k - M) (M its key max, as the segment
 * sums already use them), keys after the query zeroed by a 0/1 mask, then one GEMM with the values.
 * The row offset max_d (q_id + M_d) bounds every factor by 1, but M may come from a key after the row:
 * a row whose own keys sit far below M gets underflowed products. So the fast path is only exact while
 * that offset stays within FAST_PATH_MAX_GAP of a weight the row sees (fastPathGuard).
 */
export function segmentFastMass(
  b: GraphBuilder,
  queries: Value,
  keys: { readonly keyMax: Value; readonly keyFactor: Value },
  values: Value,
  prefix: PrefixRead,
): SegmentFastMass {
  const lead = queries.shape.slice(0, -2);
  const length = queries.dim(-2) as number;
  const [segments, size] = [keys.keyFactor.dim(-3) as number, keys.keyFactor.dim(-2) as number];
  const bySegment = (x: Value) => b.reshape(x, [...lead, segments, size, x.dim(-1)]);
  const byRow = (x: Value) => b.reshape(x, [...lead, length, x.dim(-1)]);
  const scores = b.add(bySegment(queries), keys.keyMax);
  const rowMax = b.maximum(byRow(stopGradient(b, b.reduceMax(scores, [-1], true))), prefix.rowMax);
  const shift = subtractedShift(b, rowMax);
  const factor = b.exp(b.sub(scores, bySegment(shift)));
  const weights = b.mul(
    b.matmul(factor, b.transposeLast2(keys.keyFactor)),
    b.where(causalMask(b, size), 1, 0),
  );
  const inChunk = byRow(b.matmul(weights, bySegment(values)));
  return { mass: b.add(inChunk, prefix.mass(shift)), rowMax };
}

/**
 * True when every real row's fast offset is within FAST_PATH_MAX_GAP of the larger of its diagonal
 * log weight and its prefix max, both weights the row sees; NaN gaps (rows whose every weight is 0)
 * count as unsafe. `realRows` maps [..., L, 1] per chunk to the sequence's real rows.
 */
export function fastPathGuard(
  b: GraphBuilder,
  fastRowMax: Value,
  diagonalMax: Value,
  prefixRowMax: Value,
  realRows: (x: Value) => Value,
): Value {
  const gap = realRows(b.sub(fastRowMax, b.maximum(diagonalMax, prefixRowMax)));
  const unsafe = b.where(b.lessEqual(gap, FAST_PATH_MAX_GAP), 0, 1);
  const all = Array.from({ length: unsafe.rank }, (_, i) => i);
  return b.equal(b.reduceMax(unsafe, all, false), 0);
}
