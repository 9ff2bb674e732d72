import { formatReport } from '../src/golden/format-report.js';
import type { GoldenReport } from '../src/golden/golden-report.js';
import type { RandomRow } from './protocol.js';

function formatError(x: number): string {
  if (Number.isNaN(x)) return '-';
  if (!Number.isFinite(x)) return 'inf';
  return x === 0 ? '0' : x.toExponential(2);
}

/** The golden rows in `pnpm golden`'s table format (same columns, same last line). */
export function formatGoldenRows(rows: GoldenReport['rows']): string {
  const passed = rows.filter((r) => r.pass).length;
  return formatReport({ rows, skipped: [], passed, failed: rows.length - passed });
}

/** The randomized form checks as an aligned table, with the reason under each failing row. */
export function formatRandomRows(rows: readonly RandomRow[]): string {
  const titles = ['mechanism', 'backend:device', 'shape', 'check', 'max rel err', 'tol (rel)', 'result'];
  const cells = rows.map((r) => [
    r.mechanism,
    r.env,
    r.shape,
    r.check,
    formatError(r.maxRelErr),
    String(r.tolerance),
    r.pass ? 'pass' : 'FAIL',
  ]);
  const widths = titles.map((t, i) => Math.max(t.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [line(titles), line(widths.map((w) => '-'.repeat(w)))];
  rows.forEach((r, i) => {
    out.push(line(cells[i]!));
    if (r.reason) out.push(`    reason: ${r.reason}`);
  });
  const passed = rows.filter((r) => r.pass).length;
  out.push(`${passed} passed, ${rows.length - passed} failed`);
  return out.join('\n');
}
