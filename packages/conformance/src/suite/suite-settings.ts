import type { Precision } from '../golden/golden-case.js';

/** float32 backends vs the float64 oracle: entries pass when |a - e| <= rel * max(1, |e|). */
export const FLOAT32_REL = 1e-4;
/** Form-vs-form agreement on the float64 reference interpreter itself. */
export const FLOAT64_REL = 1e-9;

/**
 * Looser float32 bounds where a mechanism's math amplifies rounding, each with the reason. Keep this
 * short: every entry is a documented exception (see README.md).
 */
export const FLOAT32_REL_BY_MECHANISM: Readonly<Record<string, number>> = {};

export function relativeTolerance(mechanism: string, precision: Precision): number {
  if (precision === 'float64') return FLOAT64_REL;
  return FLOAT32_REL_BY_MECHANISM[mechanism] ?? FLOAT32_REL;
}

/**
 * Options under which the recurrent form can reproduce the parallel one. LLN computes alpha and beta
 * from the whole q and k tensors, which a stream cannot see, so streaming comparisons freeze them
 * to values exact in float32 (state tensors are float32, so 0.8 would differ from the graph's 0.8 by 1e-8)
 * (the mechanism's documented streaming mode). Mechanisms not listed need nothing beyond defaults.
 */
export const STREAMING_OPTIONS: Readonly<Record<string, object>> = {
  lln: { scales: { alpha: 0.75, beta: 1.25 } },
  'lln-diag': { scales: { alpha: 0.75, beta: 1.25 } },
};

/**
 * Options for the long-sequence check that make a mechanism take the paths only long sequences reach.
 * heinsen: sequence groups (its default is 4096 tokens per group, beyond any test length).
 */
export const LONG_SEQUENCE_OPTIONS: Readonly<Record<string, object>> = {
  heinsen: { groupTokens: 128 },
};

/** Chunk sizes of the long-sequence check: a power of two, and one padded to the next (128). */
export const LONG_CHUNK_SIZES: readonly number[] = [64, 100];

/** Chunk sizes the property tests draw from; n up to 17 makes most lengths non-multiples of each. */
export const CHUNK_SIZES: readonly number[] = [1, 2, 3, 4, 5, 8];

export const PROPERTY_RUNS = 8;
