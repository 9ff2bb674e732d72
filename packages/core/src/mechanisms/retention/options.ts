import { InvalidArgumentError, ShapeError } from '../../errors.js';
import type { Dim } from '../../ir/shape.js';

export interface RetentionOptions {
  /**
   * The decay gamma_h of each head, each in (0, 1]: one per head, or one shared by every head.
   * Absent: RetNet's 1 - 2^(-5 - h) for head h, which needs the head count when the graph is built.
   */
  readonly gammas?: readonly number[];
  /** Multiplies every q (RetNet scales k instead; q.k is the same). Absent: 1/sqrt(d_k). */
  readonly scale?: number;
}

const NAME = 'retention';

/** RetNet's per-head decays (Sun et al. 2023, section 3.3): 1 - 2^(-5 - h), h = 0 .. heads - 1. */
export function defaultGammas(heads: number): number[] {
  return Array.from({ length: heads }, (_, h) => 1 - 2 ** (-5 - h));
}

/**
 * The gammas for `heads` heads, validated. A list of one applies to every head, which also serves a
 * symbolic head count; a longer list must match the count, so it needs the count to be known.
 */
export function retentionGammas(options: RetentionOptions, heads: Dim): readonly number[] {
  const { gammas } = options;
  if (gammas === undefined) {
    if (typeof heads !== 'number') {
      throw new ShapeError(
        `${NAME}: the default gammas 1 - 2^(-5 - h) need a concrete head count, got symbolic '${heads}'; pass options.gammas`,
      );
    }
    return defaultGammas(heads);
  }
  if (!Array.isArray(gammas) || gammas.length === 0) {
    throw new InvalidArgumentError(
      `${NAME}: gammas must be a non-empty array of numbers in (0, 1], got ${JSON.stringify(gammas)}`,
    );
  }
  gammas.forEach((g, h) => {
    if (!(typeof g === 'number' && g > 0 && g <= 1)) {
      throw new InvalidArgumentError(`${NAME}: gammas[${h}] must be a number in (0, 1], got ${String(g)}`);
    }
  });
  if (gammas.length === 1) return gammas;
  if (typeof heads !== 'number') {
    throw new ShapeError(
      `${NAME}: ${gammas.length} gammas cannot be matched to a symbolic head count '${heads}'; build with a concrete count or pass one gamma`,
    );
  }
  if (gammas.length !== heads) {
    throw new InvalidArgumentError(
      `${NAME}: gammas has ${gammas.length} entries for ${heads} heads; give one per head, or one for all`,
    );
  }
  return gammas;
}

/** The factor on q: options.scale, or 1/sqrt(d_k). */
export function retentionScale(options: RetentionOptions, dk: Dim): number {
  if (options.scale !== undefined) {
    if (!(typeof options.scale === 'number' && Number.isFinite(options.scale))) {
      throw new InvalidArgumentError(`${NAME}: scale must be a finite number, got ${String(options.scale)}`);
    }
    return options.scale;
  }
  if (typeof dk !== 'number') throw new ShapeError(`${NAME}: d_k must be concrete, got '${dk}'`);
  return 1 / Math.sqrt(dk);
}
