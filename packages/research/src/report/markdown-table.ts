/** A GitHub markdown table; cells are written as given. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export const fixed = (x: unknown, digits: number) =>
  typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : 'n/a';
