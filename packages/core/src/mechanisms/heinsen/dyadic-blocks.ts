import { subtractedShift } from '../../composites/shift.js';
import { stopGradient } from '../../composites/stop-gradient.js';
import { InvalidArgumentError } from '../../errors.js';
import type { GraphBuilder, Value } from '../../ir/builder.js';
import { type Dim, scaleDim } from '../../ir/shape.js';

const NEG_INF = Number.NEGATIVE_INFINITY;

/**
 * The causal (j <= i) attention of a block of L positions (L a power of two), split so that one GEMM
 * per level is exact for any |q|, |k|. One GEMM over the whole lower triangle is not: its per-dim key
 * offsets come from keys early queries cannot see, and a query whose visible keys sit far below them
 * gets only underflowed products. So the triangle is split dyadically into blocks that each query sees
 * entirely (level s: queries [2ps + s, 2ps + 2s) and keys [2ps, 2ps + s)) plus the diagonal. Each
 * block's key offset is its own keys' max, so exp(k - offset) <= 1.
 *
 * Every part is then read against one row offset U_i shared by all parts of row i (and the chunk's
 * prefix): the largest of the parts' row maxes R_i = max_d (q_id + keyMax_d). Each R_i is attained by
 * a key the row sees, so U_i is a lower bound on the row's largest log weight and an upper bound on
 * every term: all factors are <= 1 and any term within e^-60 of the row's weight stays normal. With one
 * offset the parts add as they are, with no rescaling between levels. The price is two phases: every
 * part's scores are made (dyadicScores) before any is read (dyadicMass), so a level's [L/2, d_k] scores
 * live until the offset is known; the chunked form bounds that by running in sequence groups.
 */
class BlockLayout {
  readonly outer: Dim[];
  readonly lead: Dim[];
  private readonly perLead: Dim;
  constructor(
    private readonly b: GraphBuilder,
    x: Value,
    private readonly length: number,
  ) {
    this.lead = x.shape.slice(0, -2);
    // Block pairs fold into the last leading axis (concrete: the chunk count), keeping values at rank
    // <= 6 for rank-5 inputs; tfjs-wasm's Pad gives wrong results at rank 7.
    this.outer = this.lead.slice(0, -1);
    // A symbolic chunk count ('ceil(seq/C)') scales into dims such as 'ceil(seq/C)*4'.
    this.perLead = this.lead.length > 0 ? this.lead[this.lead.length - 1]! : 1;
  }

  /** Aligned blocks of `size` positions in the whole value. */
  blocks(size: number): Dim {
    return scaleDim(this.perLead, this.length / size);
  }

  /** Blocks of 2 s positions at the level with halves of s. */
  groups(half: number): Dim {
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

  /**
   * A second-half result [..., g, s, width] back at its positions [..., L, width], `fill` elsewhere:
   * each block's s width values, flat, padded in front by as many. Padding the last axis of a flat view
   * copies runs of s width; padding the half axis of [..., g, 2, s, width] made ORT CPU walk the
   * innermost dims one element at a time (0.5 ms for 32k row maxes at s = 1).
   */
  placeSecondHalf(x: Value, half: number, fill: number): Value {
    const g = this.groups(half);
    const width = x.dim(-1) as number;
    const flat = this.b.reshape(x, [...this.outer, g, half * width]);
    return this.b.reshape(this.b.padAxis(flat, -1, half * width, 0, fill), [
      ...this.lead,
      this.length,
      width,
    ]);
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
 * Levels below this block size are assembled into one weight matrix per block (assembleTriangles) and
 * multiply the values once; larger levels each multiply their own values and add into place. With the
 * one-Gather assembly, 64 x 64 triangles ran 3.6-4.5% faster than 32 x 32 on ORT CPU (paired, n = 8192,
 * C = 256); built level by level they had been 6% slower.
 */
export const ASSEMBLED_BLOCK = 64;

/**
 * Below this half, a level's s x s weights are products summed over d_k directly: a batched GEMM of
 * 2 x 64 by 64 x 2 ran one call per block on ORT CPU (4.7 ms at n = 8192, C = 256, 16k blocks), where
 * the products and their sum take about 1.5 ms. From s = 4 on the products grow past the GEMM.
 */
const GEMM_HALF = 4;

/**
 * One level's queries, before the row offset is known: scores q_id + keyMax_d [..., g, s, d_k] of the
 * second half of every 2 s block against its first half's key max, and those keys' factors
 * exp(k - keyMax) [..., g, s, d_k]. Level 1 has one key per block: its scores are q_id + k_jd and its
 * weight is their exp-sum, like the diagonal's, with no factors.
 */
interface LevelScores {
  readonly half: number;
  readonly scores: Value;
  readonly keyFactor?: Value;
}

export interface DyadicScores {
  readonly layout: BlockLayout;
  /** q_id + k_id [..., L, d_k]. */
  readonly diagonal: Value;
  readonly levels: readonly LevelScores[];
  /** The diagonal's R_i = max_d (q_id + k_id) [..., L, 1]: a log weight every row sees. */
  readonly diagonalMax: Value;
  /** The largest R_i of the diagonal and every level [..., L, 1]. */
  readonly rowMax: Value;
}

function levelScores(b: GraphBuilder, layout: BlockLayout, q: Value, k: Value, half: number): LevelScores {
  const keys = layout.halfOf(k, half, 0);
  const queries = layout.halfOf(q, half, 1);
  if (half === 1) return { half, scores: b.add(queries, keys) };
  const keyMax = stopGradient(b, b.reduceMax(keys, [-2], true));
  return {
    half,
    scores: b.add(queries, keyMax),
    keyFactor: b.exp(b.sub(keys, subtractedShift(b, keyMax))),
  };
}

/**
 * Every part's scores for queries q and keys k [..., L, d_k] (L a power of two), and their row max:
 * the diagonal and the levels with halves below `belowHalf` (default L: all of them; the chunked form
 * reads the upper levels from segment key sums instead, see segment-sums.ts).
 */
export function dyadicScores(b: GraphBuilder, q: Value, k: Value, belowHalf?: number): DyadicScores {
  const layout = layoutOf(b, q);
  const length = q.dim(-2) as number;
  const diagonal = b.add(q, k);
  const levels: LevelScores[] = [];
  const diagonalMax = stopGradient(b, b.reduceMax(diagonal, [-1], true));
  let rowMax = diagonalMax;
  for (let half = 1; half < Math.min(length, belowHalf ?? length); half *= 2) {
    const level = levelScores(b, layout, q, k, half);
    levels.push(level);
    const levelMax = stopGradient(b, b.reduceMax(level.scores, [-1], true));
    rowMax = b.maximum(rowMax, layout.placeSecondHalf(levelMax, half, NEG_INF));
  }
  return { layout, diagonal, levels, diagonalMax, rowMax };
}

/** A level's weights against the shared offset [..., g, s, s]; `shift` is that offset for its queries. */
function levelWeights(b: GraphBuilder, level: LevelScores, shift: Value): Value {
  const factor = b.exp(b.sub(level.scores, shift));
  if (!level.keyFactor) return b.reduceSum(factor, [-1], true);
  if (level.half < GEMM_HALF)
    return b.reduceSum(b.mul(withAxis(b, factor, -2), withAxis(b, level.keyFactor, -3)), [-1], false);
  return b.matmul(factor, b.transposeLast2(level.keyFactor));
}

/** x [..., s, d_k] with a new axis of 1 at `axis` (-2: [..., s, 1, d_k]; -3: [..., 1, s, d_k]). */
function withAxis(b: GraphBuilder, x: Value, axis: -2 | -3): Value {
  const shape = [...x.shape];
  shape.splice(shape.length + axis + 1, 0, 1);
  return b.reshape(x, shape);
}

/**
 * Lower-triangular weights of aligned blocks of `size` positions [..., blocks, size, size] (leading
 * dims merged when concrete), from the
 * diagonal [..., L, 1] and the weights of levels 1, 2, ..., size / 2 ([..., g, s, s] each). Every
 * block's entries are laid side by side with one zero ([..., blocks, K]) and picked into place by one
 * Gather of a fixed index map. Building 32 x 32 triangles level by level (two slices, a pad and two
 * concats per level) cost 2.9 ms per 2048 tokens on ORT CPU, most of it per-row overhead of pads and
 * concats over rows of s values; the Gather route measured 0.9 ms.
 */
function assembleTriangles(
  b: GraphBuilder,
  layout: BlockLayout,
  size: number,
  diagonal: Value,
  weights: readonly Value[],
): Value {
  const blocks = layout.blocks(size);
  // With concrete leading dims every view is [rows, ...]: ORT folds the transposes of a last-axis
  // Gather into the reshapes around it, and a rank-5 transpose with unit dims took 3 ms where the
  // rank-3 one takes 0.3 ms.
  const outer: Dim[] =
    typeof blocks === 'number' && layout.outer.every((d) => typeof d === 'number')
      ? [(layout.outer as number[]).reduce((p, d) => p * d, blocks)]
      : [...layout.outer, blocks];
  if (size === 1) return b.reshape(diagonal, [...outer, 1, 1]);
  const perBlock = (x: Value, count: number) => b.reshape(x, [...outer, count]);
  // The zero that fills the upper triangle rides on the diagonal's row, at index `size`.
  const pieces = [b.padAxis(perBlock(diagonal, size), -1, 0, 1, 0)];
  weights.forEach((w, level) => pieces.push(perBlock(w, (size / 2) * 2 ** level)));
  const flat = b.concat(pieces, -1);
  const map = b.constant(triangleIndexMap(size), [size * size], 'int32');
  return b.reshape(b.gather(flat, map, -1), [...outer, size, size]);
}

/**
 * For entry (i, j) of a block of `size`: where it sits in [diagonal (size), zero, level 1 (size / 2
 * pairs of 1 x 1), level 2 (size / 4 pairs of 2 x 2), ...]. Entry (i, j < i) belongs to the level of
 * the highest bit in which i and j differ: row i - (2ps + s), column j - 2ps of that level's pair p.
 */
export function triangleIndexMap(size: number): number[] {
  const zero = size;
  const levelStart = new Map<number, number>();
  let offset = size + 1;
  for (let half = 1; half < size; half *= 2) {
    levelStart.set(half, offset);
    offset += (size / (2 * half)) * half * half;
  }
  const map: number[] = [];
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      if (j > i) map.push(zero);
      else if (j === i) map.push(i);
      else {
        const half = 2 ** Math.floor(Math.log2(i ^ j));
        const pair = Math.floor(i / (2 * half));
        const [row, column] = [i - (2 * pair * half + half), j - 2 * pair * half];
        map.push(levelStart.get(half)! + pair * half * half + row * half + column);
      }
    }
  }
  return map;
}

/**
 * sum_{j <= i} exp(log w_ij - shift_i) [v_j, 1] [..., L, d_v + 1] for augmented values [v, 1]
 * [..., L, d_v + 1], with `shift` [..., L, 1] at least every part's row max (finite). Keys of -inf
 * (padding) weigh exactly 0.
 */
export function dyadicMass(b: GraphBuilder, parts: DyadicScores, shift: Value, values: Value): Value {
  const { layout, levels } = parts;
  const length = values.dim(-2) as number;
  const diagonal = b.reduceSum(b.exp(b.sub(parts.diagonal, shift)), [-1], true);
  const assembled = levels.filter((l) => l.half < ASSEMBLED_BLOCK);
  const size = assembled.length > 0 ? 2 * assembled[assembled.length - 1]!.half : 1;
  const weights = assembled.map((level) => levelWeights(b, level, layout.halfOf(shift, level.half, 1)));
  const triangle = assembleTriangles(b, layout, size, diagonal, weights);
  const width = values.dim(-1);
  const blockValues = b.reshape(values, [...triangle.shape.slice(0, -2), size, width]);
  let mass = b.reshape(b.matmul(triangle, blockValues), [...layout.lead, length, width]);
  for (const level of levels.filter((l) => l.half >= ASSEMBLED_BLOCK)) {
    const half = level.half;
    const weights = levelWeights(b, level, layout.halfOf(shift, half, 1));
    const part = b.matmul(weights, layout.halfOf(values, half, 0));
    mass = b.add(mass, layout.placeSecondHalf(part, half, 0));
  }
  return mass;
}
