import { finiteShift } from '../../composites/shift.js';
import { InvalidArgumentError } from '../../errors.js';
import type { GraphBuilder, Value } from '../../ir/builder.js';
import type { Dim } from '../../ir/shape.js';
import type { Mass } from './scaled-sums.js';

const NEG_INF = Number.NEGATIVE_INFINITY;

/** One level: in every block of 2 s positions, the last s queries see all of the first s keys. */
interface DyadicLevel {
  readonly half: number;
  /** The first halves' keys [..., g, s, d_k] and their max per dim [..., g, 1, d_k]. */
  readonly keys: Value;
  readonly keyMax: Value;
  /** q_id + keyMax_d for the second halves' queries [..., g, s, d_k]. */
  readonly scores: Value;
}

/**
 * The causal (j <= i) weights of a block of L positions (L a power of two), split so that one GEMM per
 * level is exact for any |q|, |k|. One GEMM over the whole lower triangle is not: its per-dim key
 * offsets come from keys early queries cannot see, and a query whose visible keys sit far below them
 * gets only underflowed products. So the triangle is split dyadically into blocks that each query sees
 * entirely (level s: queries [2ps + s, 2ps + 2s) and keys [2ps, 2ps + s)) plus the diagonal. Each
 * block's key offset is its own keys' max, so exp(k - offset) <= 1, and each query's factor
 * exp(q + offset - R_i) <= 1 once R_i is at least every block's row max: products that matter (within
 * e^-60 of the row's largest) never underflow, and the real-space masses of all blocks simply add.
 */
export interface DyadicBlocks {
  readonly levels: readonly DyadicLevel[];
  /** q + k [..., L, d_k]: the diagonal's scores. */
  readonly diagonalScores: Value;
  /** Per query [..., L, 1]: the largest log weight any key of the block gives it. */
  readonly rowMax: Value;
}

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

/** First pass: every level's offsets and scores, and each query's row max over all of them. */
export function dyadicBlocks(b: GraphBuilder, q: Value, k: Value): DyadicBlocks {
  const layout = layoutOf(b, q);
  const length = q.dim(-2) as number;
  const diagonalScores = b.add(q, k);
  let rowMax = b.reduceMax(diagonalScores, [-1], true);
  const levels: DyadicLevel[] = [];
  for (let half = 1; half < length; half *= 2) {
    const keys = layout.halfOf(k, half, 0);
    const keyMax = b.reduceMax(keys, [-2], true);
    const scores = b.add(layout.halfOf(q, half, 1), keyMax);
    const levelMax = layout.placeSecondHalf(b.reduceMax(scores, [-1], true), half, NEG_INF);
    rowMax = b.maximum(rowMax, levelMax);
    levels.push({ half, keys, keyMax, scores });
  }
  return { levels, diagonalScores, rowMax };
}

/**
 * Levels below this block size are assembled into one weight matrix per block (copies of about
 * 6 s L weights per level) and multiply the values once; larger levels each multiply their own values
 * and add into place (about 2.5 L w per level), which is cheaper once s > w / 2.
 */
export const ASSEMBLED_BLOCK = 32;

/**
 * Second pass: sum_{j <= i} exp(log w_ij - R_i) values_j for values [..., L, w], given a row shift R_i
 * [..., L, 1] at least `rowMax`. Blocks whose keys are all padding (-inf) contribute exactly 0.
 */
export function dyadicMass(b: GraphBuilder, blocks: DyadicBlocks, rowShift: Value, values: Value): Mass {
  const layout = layoutOf(b, blocks.diagonalScores);
  const length = blocks.diagonalScores.dim(-2) as number;
  const weightsOf = ({ half, keys, keyMax, scores }: DyadicLevel) => {
    const queryFactor = b.exp(b.sub(scores, layout.halfOf(rowShift, half, 1)));
    const keyFactor = b.exp(b.sub(keys, finiteShift(b, keyMax)));
    return b.matmul(queryFactor, b.transposeLast2(keyFactor));
  };
  const diagonal = b.reduceSum(b.exp(b.sub(blocks.diagonalScores, rowShift)), [-1], true);
  // Lower-triangular weights of aligned blocks of `size` positions: [..., blocks, size, size].
  let triangle = b.reshape(diagonal, [...layout.outer, layout.blocks(1), 1, 1]);
  let size = 1;
  for (const level of blocks.levels) {
    if (level.half >= ASSEMBLED_BLOCK) break;
    const { half } = level;
    const pairs = b.reshape(triangle, [...layout.outer, layout.groups(half), 2, half, half]);
    const part = (which: 0 | 1) =>
      b.reshape(b.slice(pairs, [-3], [which], [which + 1]), [
        ...layout.outer,
        layout.groups(half),
        half,
        half,
      ]);
    const top = b.padAxis(part(0), -1, 0, half, 0);
    const bottom = b.concat([weightsOf(level), part(1)], -1);
    triangle = b.concat([top, bottom], -2);
    size = 2 * half;
  }
  const width = values.dim(-1);
  const blockValues = b.reshape(values, [...layout.outer, layout.blocks(size), size, width]);
  let mass: Mass = {
    values: b.reshape(b.matmul(triangle, blockValues), [...layout.lead, length, width]),
    norm: b.reshape(b.reduceSum(triangle, [-1], true), [...layout.lead, length, 1]),
  };
  for (const level of blocks.levels) {
    if (level.half < ASSEMBLED_BLOCK) continue;
    const weights = weightsOf(level);
    const place = (x: Value) => layout.placeSecondHalf(x, level.half, 0);
    mass = {
      values: b.add(mass.values, place(b.matmul(weights, layout.halfOf(values, level.half, 0)))),
      norm: b.add(mass.norm, place(b.reduceSum(weights, [-1], true))),
    };
  }
  return mass;
}
