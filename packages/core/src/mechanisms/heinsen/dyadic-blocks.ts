import { finiteShift } from '../../composites/shift.js';
import { InvalidArgumentError } from '../../errors.js';
import type { GraphBuilder, Value } from '../../ir/builder.js';
import type { Dim } from '../../ir/shape.js';
import { rescaleRows, rowMaxAfter, type ShiftedMass } from './scaled-sums.js';

const NEG_INF = Number.NEGATIVE_INFINITY;

/**
 * The causal (j <= i) attention of a block of L positions (L a power of two), split so that one GEMM
 * per level is exact for any |q|, |k|. One GEMM over the whole lower triangle is not: its per-dim key
 * offsets come from keys early queries cannot see, and a query whose visible keys sit far below them
 * gets only underflowed products. So the triangle is split dyadically into blocks that each query sees
 * entirely (level s: queries [2ps + s, 2ps + 2s) and keys [2ps, 2ps + s)) plus the diagonal. Each
 * block's key offset is its own keys' max, so exp(k - offset) <= 1, and each query's factor is shifted
 * by its row max within the level, so products that matter (within e^-60 of it) never underflow.
 *
 * The levels are folded into a running ShiftedMass one after another, so each level's [L, d_k]-sized
 * intermediates die before the next level starts (a runtime that schedules all row maxes first would
 * otherwise hold every level's scores at once: 2 GB at n = 65536, H = 8).
 */
class BlockLayout {
  readonly outer: Dim[];
  readonly lead: Dim[];
  private readonly perLead: number;
  constructor(
    private readonly b: GraphBuilder,
    x: Value,
    private readonly length: number,
  ) {
    this.lead = x.shape.slice(0, -2);
    // Block pairs fold into the last leading axis (concrete: the chunk count), keeping values at rank
    // <= 6 for rank-5 inputs; tfjs-wasm's Pad gives wrong results at rank 7.
    this.outer = this.lead.slice(0, -1);
    const last = this.lead.length > 0 ? this.lead[this.lead.length - 1]! : 1;
    if (typeof last !== 'number')
      throw new InvalidArgumentError(
        `heinsen causal blocks: the axis before the sequence must be concrete, got ${String(last)}`,
      );
    this.perLead = last;
  }

  /** Aligned blocks of `size` positions in the whole value. */
  blocks(size: number): number {
    return this.perLead * (this.length / size);
  }

  /** Blocks of 2 s positions at the level with halves of s. */
  groups(half: number): number {
    return this.blocks(2 * half);
  }

  /** The first (0) or second (1) half of every block of 2 s positions: [..., g, s, width]. */
  halfOf(x: Value, half: number, which: 0 | 1): Value {
    const g = this.groups(half);
    const split = this.b.reshape(x, [...this.outer, g, 2, half, x.dim(-1)]);
    return this.b.reshape(this.b.slice(split, [-3], [which], [which + 1]), [
      ...this.outer,
      g,
      half,
      x.dim(-1),
    ]);
  }

  /** A second-half result [..., g, s, width] back at its positions [..., L, width], `fill` elsewhere. */
  placeSecondHalf(x: Value, half: number, fill: number): Value {
    const g = this.groups(half);
    const width = x.dim(-1);
    const spread = this.b.padAxis(this.b.reshape(x, [...this.outer, g, 1, half, width]), -3, 1, 0, fill);
    return this.b.reshape(spread, [...this.lead, this.length, width]);
  }
}

function layoutOf(b: GraphBuilder, q: Value): BlockLayout {
  const length = q.dim(-2);
  if (typeof length !== 'number' || (length & (length - 1)) !== 0)
    throw new InvalidArgumentError(
      `heinsen causal blocks: length must be a power of two, got ${String(length)}`,
    );
  return new BlockLayout(b, q, length);
}

/**
 * Levels below this block size are assembled into one weight matrix per block (copies of about
 * 6 s L weights per level) and multiply the values once; larger levels each multiply their own values
 * and add into place (about 3.5 L d_v per level), which is cheaper once s > d_v / 2.
 */
export const ASSEMBLED_BLOCK = 32;

/** A level's weights against its own row max: exp(log w_ij - rowMax_i) [..., g, s, s]. */
function levelWeights(b: GraphBuilder, layout: BlockLayout, q: Value, k: Value, half: number) {
  if (half === 1) return pairWeights(b, layout, q, k);
  const keys = layout.halfOf(k, half, 0);
  const keyMax = b.reduceMax(keys, [-2], true);
  const scores = b.add(layout.halfOf(q, half, 1), keyMax);
  const rowMax = b.reduceMax(scores, [-1], true);
  const queryFactor = b.exp(b.sub(scores, finiteShift(b, rowMax)));
  const keyFactor = b.exp(b.sub(keys, finiteShift(b, keyMax)));
  const weights =
    half < GEMM_HALF
      ? b.reduceSum(b.mul(withAxis(b, queryFactor, -2), withAxis(b, keyFactor, -3)), [-1], false)
      : b.matmul(queryFactor, b.transposeLast2(keyFactor));
  return { weights, rowMax: rowMaxAfter(b, rowMax, weights) };
}

/**
 * Below this half, a level's s x s weights are products summed over d_k directly: a batched GEMM of
 * 2 x 64 by 64 x 2 ran one call per block on ORT CPU (4.7 ms at n = 8192, C = 256, 16k blocks), where
 * the products and their sum take about 1.5 ms. From s = 4 on the products grow past the GEMM.
 */
const GEMM_HALF = 4;

/** x [..., s, d_k] with a new axis of 1 at `axis` (-2: [..., s, 1, d_k]; -3: [..., 1, s, d_k]). */
function withAxis(b: GraphBuilder, x: Value, axis: -2 | -3): Value {
  const shape = [...x.shape];
  shape.splice(shape.length + axis + 1, 0, 1);
  return b.reshape(x, shape);
}

/**
 * Level 1 (each odd position sees the even one before it) is one key per block: its key offset is the
 * key itself, so the weight is sum_d exp(q_id + k_jd - rowMax_i) directly, like the diagonal, with no
 * GEMM of 1 x d_k by d_k x 1 per pair.
 */
function pairWeights(b: GraphBuilder, layout: BlockLayout, q: Value, k: Value) {
  const scores = b.add(layout.halfOf(q, 1, 1), layout.halfOf(k, 1, 0));
  const rowMax = b.reduceMax(scores, [-1], true);
  const weights = b.reduceSum(b.exp(b.sub(scores, finiteShift(b, rowMax))), [-1], true);
  return { weights, rowMax: rowMaxAfter(b, rowMax, weights) };
}

/** Second-half rows of every 2 s block of `x` plus `part` [..., g, s, d_v + 1], at a shared row max. */
function addSecondHalf(
  b: GraphBuilder,
  layout: BlockLayout,
  x: ShiftedMass,
  part: ShiftedMass,
  half: number,
) {
  const rowMax = b.maximum(x.rowMax, layout.placeSecondHalf(part.rowMax, half, NEG_INF));
  const scaled = b.mul(part.mass, rescaleRows(b, part.rowMax, layout.halfOf(rowMax, half, 1)));
  return {
    rowMax,
    mass: b.add(b.mul(x.mass, rescaleRows(b, x.rowMax, rowMax)), layout.placeSecondHalf(scaled, half, 0)),
  };
}

/**
 * sum_{j <= i} exp(log w_ij - rowMax_i) [v_j, 1] for queries q, keys k [..., L, d_k] and augmented
 * values [v, 1] [..., L, d_v + 1], with rowMax_i the largest log weight of row i. Keys of -inf
 * (padding) weigh exactly 0.
 */
export function dyadicMass(b: GraphBuilder, q: Value, k: Value, values: Value): ShiftedMass {
  const layout = layoutOf(b, q);
  const length = q.dim(-2) as number;
  const diagonalScores = b.add(q, k);
  const diagonalMax = b.reduceMax(diagonalScores, [-1], true);
  const diagonal = b.reduceSum(b.exp(b.sub(diagonalScores, finiteShift(b, diagonalMax))), [-1], true);
  const diagonalRowMax = rowMaxAfter(b, diagonalMax, diagonal);
  // Lower-triangular weights of aligned blocks of `size` positions [..., blocks, size, size], each row
  // against its own max [..., blocks, size, 1].
  let triangle = b.reshape(diagonal, [...layout.outer, layout.blocks(1), 1, 1]);
  let triangleMax = b.reshape(diagonalRowMax, [...layout.outer, layout.blocks(1), 1, 1]);
  let size = 1;
  for (let half = 1; half < Math.min(length, ASSEMBLED_BLOCK); half *= 2) {
    const level = levelWeights(b, layout, q, k, half);
    const [earlier, later] = [layout.halfOf(triangle, half, 0), layout.halfOf(triangle, half, 1)];
    const laterMax = layout.halfOf(triangleMax, half, 1);
    const rowMax = b.maximum(laterMax, level.rowMax);
    const bottom = b.concat(
      [
        b.mul(level.weights, rescaleRows(b, level.rowMax, rowMax)),
        b.mul(later, rescaleRows(b, laterMax, rowMax)),
      ],
      -1,
    );
    triangle = b.concat([b.padAxis(earlier, -1, 0, half, 0), bottom], -2);
    triangleMax = b.concat([layout.halfOf(triangleMax, half, 0), rowMax], -2);
    size = 2 * half;
  }
  const width = values.dim(-1);
  const blockValues = b.reshape(values, [...layout.outer, layout.blocks(size), size, width]);
  let mass: ShiftedMass = {
    mass: b.reshape(b.matmul(triangle, blockValues), [...layout.lead, length, width]),
    rowMax: b.reshape(triangleMax, [...layout.lead, length, 1]),
  };
  for (let half = ASSEMBLED_BLOCK; half < length; half *= 2) {
    const { weights, rowMax } = levelWeights(b, layout, q, k, half);
    const part = { rowMax, mass: b.matmul(weights, layout.halfOf(values, half, 0)) };
    mass = addSecondHalf(b, layout, mass, part, half);
  }
  return mass;
}
