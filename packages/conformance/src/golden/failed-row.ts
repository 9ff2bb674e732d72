import type { GoldenRow } from './golden-report.js';

/** A row for a case, env or form that could not be judged; the unknown columns read '-' or NaN. */
export function failedRow(
  partial: Pick<GoldenRow, 'case' | 'file'> & Partial<GoldenRow>,
  reason: string,
): GoldenRow {
  return {
    mechanism: '-',
    env: '-',
    form: '-',
    maxAbsErr: Number.NaN,
    maxRelErr: Number.NaN,
    tolerance: Number.NaN,
    ...partial,
    pass: false,
    reason,
  };
}
