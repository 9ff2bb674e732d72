import type { GraphBuilder, Value } from '../../ir/builder.js';
import { concatItems, reshapeItem, sliceItems } from './scaled-scan.js';
import { combineScaled, type ScaledSums, scaledKeySums } from './scaled-sums.js';

/**
 * Segments per block of L for the chunked form's segment reads: none below 64 (the whole block is
 * dyadic), two up to 128, four from 256 on. Each segment's queries see every earlier segment
 * whole, so they read those segments' key sums (with the chunk's prefix) in one batched GEMM of
 * 2 L d_k (d_v + 1) per block, where the dyadic levels of a segment's size and up would make
 * (weights and values) of about (L^2 / 2)(1 - 1/S)(d_k + d_v) per block. Four segments of 64 at
 * L = 256 also drop level 64 (4 ms per 2048 tokens on ORT CPU) for three small combines. Past four the
 * combines and the segments' sums (d_k (d_v + 1) floats each) are estimated to cost what a level saves.
 */
export function segmentCount(blockLength: number): number {
  if (blockLength < 64) return 0;
  return blockLength >= 256 ? 4 : 2;
}

/** Moves a per-chunk item (keyMax [..., 1, d_k], sums [..., d_k, w]) onto a part axis of one. */
export function withPartAxis(b: GraphBuilder, x: ScaledSums): ScaledSums {
  return reshapeItem(b, x, [...x.sums.shape.slice(0, -2), 1]);
}

/**
 * Key sums of each of `segments` equal segments of every block, for keys [..., L, d_k] and augmented
 * values [..., L, w] (L a power of two): keyMax [..., S, 1, d_k] and sums [..., S, d_k, w], each
 * against its own segment's key max.
 */
function segmentSums(b: GraphBuilder, k: Value, values: Value, segments: number) {
  const lead = k.shape.slice(0, -2);
  const size = (k.dim(-2) as number) / segments;
  const bySegment = (x: Value) => b.reshape(x, [...lead, segments, size, x.dim(-1)]);
  return scaledKeySums(b, bySegment(k), bySegment(values));
}

export interface BlockSegments {
  /** Each segment's key max [..., S, 1, d_k] and its keys' factors exp(k - max) [..., S, L / S, d_k]. */
  readonly keys: { readonly keyMax: Value; readonly keyFactor: Value };
  /** The whole block's sums, as a per-chunk item (keyMax [..., 1, d_k], sums [..., d_k, w]). */
  readonly total: ScaledSums;
  /**
   * What segment j's queries see of the block, given what they see before it (`before`, a per-chunk
   * item): before, then before + segments 0..j-1, as parts [..., S, 1, d_k] / [..., S, d_k, w].
   */
  readonly seen: (before: ScaledSums) => ScaledSums;
}

/** A block's segments: their running sums (s_0, s_0 + s_1, ...) make the block's total and every segment's view. */
export function blockSegments(b: GraphBuilder, k: Value, values: Value, segments: number): BlockSegments {
  const parts = segmentSums(b, k, values, segments);
  const running = [sliceItems(b, parts, 0, 1)];
  for (let j = 1; j < segments; j++)
    running.push(combineScaled(b, running[j - 1]!, sliceItems(b, parts, j, j + 1)));
  const last = running[segments - 1]!;
  const earlier = concatItems(b, running.slice(0, -1));
  return {
    keys: { keyMax: parts.keyMax, keyFactor: parts.keyFactor },
    total: reshapeItem(b, last, last.sums.shape.slice(0, -3)),
    seen: (before) => {
      const first = withPartAxis(b, before);
      return concatItems(b, [first, combineScaled(b, first, earlier)]);
    },
  };
}
