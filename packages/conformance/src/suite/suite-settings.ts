import type { Precision } from '../golden/golden-case.js';

/** float32 backends vs the float64 oracle: entries pass when |a - e| <= rel * max(1, |e|). */
export const FLOAT32_REL = 1e-4;
/** Form-vs-form agreement on the float64 reference interpreter itself. */
export const FLOAT64_REL = 1e-9;

/** Every mechanism is held to the same bound; its options for the suite are its unit's `conformance`. */
export function relativeTolerance(precision: Precision): number {
  return precision === 'float64' ? FLOAT64_REL : FLOAT32_REL;
}

/** Chunk sizes of the long-sequence check: a power of two, and one padded to the next (128). */
export const LONG_CHUNK_SIZES: readonly number[] = [64, 100];

/** Chunk sizes the property tests draw from; n up to 17 makes most lengths non-multiples of each. */
export const CHUNK_SIZES: readonly number[] = [1, 2, 3, 4, 5, 8];

export const PROPERTY_RUNS = 8;
