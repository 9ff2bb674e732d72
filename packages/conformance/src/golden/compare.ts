import type { Tensor } from '@constant-attention/core';
import type { Tolerance } from './golden-case.js';

export interface ComparisonOutcome {
  readonly pass: boolean;
  /** Largest |a - e| over entries where both are finite; Infinity when a non-finite entry mismatched. */
  readonly maxAbsErr: number;
  /** Largest |a - e| / max(1, |e|) over the same entries. */
  readonly maxRelErr: number;
  /** Why it failed, naming the first offending entry; undefined on pass. */
  readonly failure?: string;
}

/** |a - e| / max(1, |e|): relative for large values, absolute near zero, so tiny expected values don't blow up. */
export function scaledError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(1, Math.abs(expected));
}

function describeIndex(shape: readonly number[], flat: number): string {
  const index: number[] = [];
  let rest = flat;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const d = shape[axis]!;
    index.unshift(d === 0 ? 0 : rest % d);
    rest = d === 0 ? 0 : Math.floor(rest / d);
  }
  return `[${index.join(', ')}]`;
}

/**
 * The one comparison rule for golden cases and the conformance suite. Per element: expected -inf needs
 * actual exactly -inf (log(0) must stay exact, not merely "very negative"); NaN anywhere fails; +inf
 * fails (no reference output holds +inf); finite expected needs |a - e| <= rel * max(1, |e|).
 */
export function compareTensors(actual: Tensor, expected: Tensor, tolerance: Tolerance): ComparisonOutcome {
  const sameShape =
    actual.shape.length === expected.shape.length && actual.shape.every((d, i) => d === expected.shape[i]);
  if (!sameShape) {
    return {
      pass: false,
      maxAbsErr: Number.POSITIVE_INFINITY,
      maxRelErr: Number.POSITIVE_INFINITY,
      failure: `shape [${actual.shape.join(', ')}] != expected [${expected.shape.join(', ')}]`,
    };
  }
  let maxAbsErr = 0;
  let maxRelErr = 0;
  let failure: string | undefined;
  const fail = (flat: number, why: string) => {
    failure ??= `${why} at ${describeIndex(expected.shape, flat)}`;
  };
  for (let i = 0; i < expected.data.length; i++) {
    const a = actual.data[i]!;
    const e = expected.data[i]!;
    if (Number.isNaN(a) || Number.isNaN(e)) {
      fail(i, `NaN (actual ${a}, expected ${e})`);
      maxAbsErr = maxRelErr = Number.POSITIVE_INFINITY;
    } else if (e === Number.NEGATIVE_INFINITY) {
      if (a !== Number.NEGATIVE_INFINITY) {
        fail(i, `expected exactly -Infinity, got ${a}`);
        maxAbsErr = maxRelErr = Number.POSITIVE_INFINITY;
      }
    } else if (a === Number.POSITIVE_INFINITY || e === Number.POSITIVE_INFINITY || !Number.isFinite(a)) {
      fail(i, `non-finite value (actual ${a}, expected ${e})`);
      maxAbsErr = maxRelErr = Number.POSITIVE_INFINITY;
    } else {
      const abs = Math.abs(a - e);
      const rel = scaledError(a, e);
      if (abs > maxAbsErr) maxAbsErr = abs;
      if (rel > maxRelErr) maxRelErr = rel;
      if (rel > tolerance.rel)
        fail(i, `|${a} - ${e}| = ${abs.toExponential(3)} exceeds ${tolerance.rel} * max(1, |e|)`);
    }
  }
  return failure === undefined
    ? { pass: true, maxAbsErr, maxRelErr }
    : { pass: false, maxAbsErr, maxRelErr, failure };
}
