import { subtractedShift } from '../../composites/shift.js';
import { stopGradient } from '../../composites/stop-gradient.js';
import type { GraphBuilder, Value } from '../../ir/builder.js';
import type { Dim } from '../../ir/shape.js';
import { causalMask } from '../common/causal-mask.js';
import { combineScaled, type ScaledSums } from './scaled-sums.js';

const NEG_INF = Number.NEGATIVE_INFINITY;
/** Items scanned by one GEMM; longer scans go hierarchical, so no [d_k, T, T] grows past d_k T x 64. */
export const SCAN_GROUP = 64;

/** Moves axis -2 of a rank-r value to -3 (or back): [..., T, d, w] <-> [..., d, T, w]. */
function swapItemAxis(b: GraphBuilder, x: Value): Value {
  const perm = Array.from({ length: x.rank }, (_, i) => i);
  [perm[x.rank - 3], perm[x.rank - 2]] = [perm[x.rank - 2]!, perm[x.rank - 3]!];
  return b.transpose(x, perm);
}

/**
 * Inclusive scan of items along axis -3 (keyMax [..., T, 1, d], sums [..., T, d, w]) with one GEMM per
 * dim: prefix_c = sum_{c' <= c} exp(M_c' - max_{c'' <= c} M_c'') S_c'. The decay matrix [..., d, T, T]
 * holds factors <= 1 and is exact for any key magnitude; O(T^2 d w) FLOPs, cheap next to the chunks.
 */
function scanGroup(b: GraphBuilder, items: ScaledSums, exclusive = false): ScaledSums {
  const { keyMax, sums } = items;
  const lead: Dim[] = keyMax.shape.slice(0, -3);
  const length = keyMax.dim(-3);
  const dk = keyMax.dim(-1);
  const byDim = b.reshape(b.transposeLast2(b.reshape(keyMax, [...lead, length, dk])), [
    ...lead,
    dk,
    1,
    length,
  ]);
  // 0 where item c' <= c (c' < c when exclusive; row c, column c'), -inf elsewhere: later items never
  // raise the running max. An exclusive row 0 sees nothing: keyMax -inf, sums 0, the empty item.
  const scores = b.add(byDim, b.where(causalMask(b, length, exclusive), 0, NEG_INF));
  const runningMax = stopGradient(b, b.reduceMax(scores, [-1], true));
  const decay = b.exp(b.sub(scores, subtractedShift(b, runningMax)));
  const prefix = b.matmul(decay, swapItemAxis(b, sums));
  return {
    keyMax: b.reshape(b.transposeLast2(b.reshape(runningMax, [...lead, dk, length])), [
      ...lead,
      length,
      1,
      dk,
    ]),
    sums: swapItemAxis(b, prefix),
  };
}

export function padItems(b: GraphBuilder, items: ScaledSums, before: number, after: number): ScaledSums {
  return {
    keyMax: b.padAxis(items.keyMax, -3, before, after, NEG_INF),
    sums: b.padAxis(items.sums, -3, before, after, 0),
  };
}

/** Items of several runs, one after another along the item axis -3. */
export function concatItems(b: GraphBuilder, runs: readonly ScaledSums[]): ScaledSums {
  return {
    keyMax: b.concat(
      runs.map((r) => r.keyMax),
      -3,
    ),
    sums: b.concat(
      runs.map((r) => r.sums),
      -3,
    ),
  };
}

export function sliceItems(b: GraphBuilder, items: ScaledSums, start: number, end: number): ScaledSums {
  return {
    keyMax: b.slice(items.keyMax, [-3], [start], [end]),
    sums: b.slice(items.sums, [-3], [start], [end]),
  };
}

/** Inclusive scan of any length: groups of SCAN_GROUP scanned by GEMM, their totals scanned the same way. */
export function scaledPrefixScan(b: GraphBuilder, items: ScaledSums): ScaledSums {
  const length = items.keyMax.dim(-3) as number;
  if (length <= SCAN_GROUP) return scanGroup(b, items);
  const groups = Math.ceil(length / SCAN_GROUP);
  const padded = padItems(b, items, 0, groups * SCAN_GROUP - length);
  const lead: Dim[] = items.keyMax.shape.slice(0, -3);
  const [dk, width] = [items.sums.dim(-2), items.sums.dim(-1)];
  const inner = scanGroup(b, {
    keyMax: b.reshape(padded.keyMax, [...lead, groups, SCAN_GROUP, 1, dk]),
    sums: b.reshape(padded.sums, [...lead, groups, SCAN_GROUP, dk, width]),
  });
  const totals = sliceItems(b, inner, SCAN_GROUP - 1, SCAN_GROUP);
  const before = scaledPrefixScan(b, {
    keyMax: b.reshape(totals.keyMax, [...lead, groups, 1, dk]),
    sums: b.reshape(totals.sums, [...lead, groups, dk, width]),
  });
  const exclusive = sliceItems(b, padItems(b, before, 1, 0), 0, groups);
  const combined = combineScaled(
    b,
    {
      keyMax: b.reshape(exclusive.keyMax, [...lead, groups, 1, 1, dk]),
      sums: b.reshape(exclusive.sums, [...lead, groups, 1, dk, width]),
    },
    inner,
  );
  return sliceItems(
    b,
    {
      keyMax: b.reshape(combined.keyMax, [...lead, groups * SCAN_GROUP, 1, dk]),
      sums: b.reshape(combined.sums, [...lead, groups * SCAN_GROUP, dk, width]),
    },
    0,
    length,
  );
}

/** The same sums with leading dims `lead`: keyMax [...lead, 1, d_k], sums [...lead, d_k, w]. */
export function reshapeItem(b: GraphBuilder, x: ScaledSums, lead: readonly Dim[]): ScaledSums {
  const dk = x.sums.dim(-2);
  return {
    keyMax: b.reshape(x.keyMax, [...lead, 1, dk]),
    sums: b.reshape(x.sums, [...lead, dk, x.sums.dim(-1)]),
  };
}

/**
 * Exclusive scan over a symbolic number of items (a symbolic sequence length's chunks): one GEMM over
 * all of them, since the hierarchical groups need the length when the graph is built. O(T^2 d w).
 */
export function scaledExclusiveScan(b: GraphBuilder, items: ScaledSums): ScaledSums {
  return scanGroup(b, items, true);
}

/** The sums over every item of axis -3, against their overall max: [..., 1, d] and [..., d, w]. */
export function scaledTotal(b: GraphBuilder, items: ScaledSums): ScaledSums {
  const keyMax = b.reduceMax(items.keyMax, [-3]);
  const shift = b.reshape(subtractedShift(b, keyMax), [...keyMax.shape.slice(0, -2), 1, 1, keyMax.dim(-1)]);
  const factors = b.transposeLast2(b.exp(b.sub(items.keyMax, shift)));
  return { keyMax, sums: b.reduceSum(b.mul(items.sums, factors), [-3]) };
}
