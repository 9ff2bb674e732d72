import { InvalidInputValueError, RankError, ShapeError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';

/** A dense row-major float64 matrix on the host, as the instruments read it. */
export interface HostMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function matrixFromRows(rows: readonly (readonly number[])[]): HostMatrix {
  const cols = rows[0]?.length ?? 0;
  rows.forEach((r, i) => {
    if (r.length !== cols)
      throw new ShapeError(`matrixFromRows: row ${i} has ${r.length} entries, not ${cols}`);
  });
  return { rows: rows.length, cols, data: Float64Array.from(rows.flat()) };
}

/** Splits an attention tensor [..., n_q, n_k] (e.g. [batch, heads, n, n]) into one matrix per head. */
export function splitMatrices(t: Tensor): HostMatrix[] {
  if (t.rank < 2) throw new RankError(`splitMatrices: expects rank >= 2, got shape [${t.shape.join(', ')}]`);
  const rows = t.shape[t.rank - 2]!;
  const cols = t.shape[t.rank - 1]!;
  const count = rows * cols === 0 ? 0 : t.size / (rows * cols);
  return Array.from({ length: count }, (_, i) => ({
    rows,
    cols,
    data: Float64Array.from(t.data.subarray(i * rows * cols, (i + 1) * rows * cols)),
  }));
}

export function checkFinite(name: string, m: HostMatrix): void {
  if (m.data.length !== m.rows * m.cols) {
    throw new ShapeError(`${name}: ${m.data.length} values do not fill a ${m.rows}x${m.cols} matrix`);
  }
  const bad = m.data.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) {
    const [i, j] = [Math.floor(bad / m.cols), bad % m.cols];
    throw new InvalidInputValueError(`${name}: entry (${i}, ${j}) is ${m.data[bad]}, not a finite number`);
  }
}

export function checkSquare(name: string, m: HostMatrix): void {
  if (m.rows !== m.cols || m.rows === 0) {
    throw new ShapeError(`${name}: expects a non-empty square matrix, got ${m.rows}x${m.cols}`);
  }
}

/** Attention weights must be probabilities: finite and >= 0. */
export function checkNonNegative(name: string, m: HostMatrix): void {
  checkFinite(name, m);
  const bad = m.data.findIndex((x) => x < 0);
  if (bad >= 0) {
    const [i, j] = [Math.floor(bad / m.cols), bad % m.cols];
    throw new InvalidInputValueError(`${name}: entry (${i}, ${j}) is ${m.data[bad]} < 0, not a probability`);
  }
}
