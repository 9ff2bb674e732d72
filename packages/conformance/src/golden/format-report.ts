import type { GoldenReport, GoldenRow } from './golden-report.js';

function formatError(x: number): string {
  if (Number.isNaN(x)) return '-';
  if (!Number.isFinite(x)) return 'inf';
  return x === 0 ? '0' : x.toExponential(2);
}

const COLUMNS: readonly { readonly title: string; readonly cell: (r: GoldenRow) => string }[] = [
  { title: 'case', cell: (r) => r.case },
  { title: 'mechanism', cell: (r) => r.mechanism },
  { title: 'backend:device', cell: (r) => r.env },
  { title: 'form', cell: (r) => r.form },
  { title: 'max abs err', cell: (r) => formatError(r.maxAbsErr) },
  { title: 'max rel err', cell: (r) => formatError(r.maxRelErr) },
  { title: 'tol (rel)', cell: (r) => (Number.isNaN(r.tolerance) ? '-' : String(r.tolerance)) },
  { title: 'result', cell: (r) => (r.pass ? 'pass' : 'FAIL') },
];

/** The human table; the last line is exactly `N passed, M failed` so scripts can grep it. */
export function formatReport(report: GoldenReport): string {
  const cells = report.rows.map((r) => COLUMNS.map((c) => c.cell(r)));
  const widths = COLUMNS.map((c, i) => Math.max(c.title.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [line(COLUMNS.map((c) => c.title)), line(widths.map((w) => '-'.repeat(w)))];
  report.rows.forEach((r, i) => {
    out.push(line(cells[i]!));
    if (r.reason) out.push(`    ${r.pass ? 'note' : 'reason'}: ${r.reason}`);
  });
  for (const s of report.skipped) out.push(`skipped ${s.env}: ${s.reason}`);
  out.push(`${report.passed} passed, ${report.failed} failed`);
  return out.join('\n');
}

/** JSON has no infinities or NaN; write them as strings so a reader can tell them from a real 0 or null. */
export function reportToJson(report: GoldenReport): string {
  return JSON.stringify(
    report,
    (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value),
    2,
  );
}
