import { logAddExp } from '../interpreter/oracle.js';

export interface ScanOptions {
  readonly exclusive: boolean;
  readonly reverse: boolean;
}

/** The definition, one logaddexp at a time in float64: the oracle for LogCumSumExp. */
export function sequentialLogCumSumExp(
  line: ArrayLike<number>,
  { exclusive, reverse }: ScanOptions,
): Float64Array {
  const n = line.length;
  const out = new Float64Array(n);
  let acc = Number.NEGATIVE_INFINITY;
  for (let step = 0; step < n; step++) {
    const j = reverse ? n - 1 - step : step;
    if (exclusive) {
      out[j] = acc;
      acc = logAddExp(acc, line[j]!);
    } else {
      acc = logAddExp(acc, line[j]!);
      out[j] = acc;
    }
  }
  return out;
}

/**
 * The tempting shortcut: shift the whole line by its global max, cumsum exp, take the log. Prefixes
 * far below the global max underflow to log(0) = -inf. Kept here to show why it is not used.
 */
export function globalShiftLogCumSumExp(line: ArrayLike<number>): Float64Array {
  let m = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < line.length; j++) m = Math.max(m, line[j]!);
  const out = new Float64Array(line.length);
  let sum = 0;
  for (let j = 0; j < line.length; j++) {
    sum += Math.exp(line[j]! - m);
    out[j] = m + Math.log(sum);
  }
  return out;
}

/** Every combination of the scan's two flags. */
export const SCAN_VARIANTS: readonly ScanOptions[] = [
  { exclusive: false, reverse: false },
  { exclusive: true, reverse: false },
  { exclusive: false, reverse: true },
  { exclusive: true, reverse: true },
];
