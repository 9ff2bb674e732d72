import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderSvg, writeFileAtomic } from '@constant-attention/model/node';

export interface SuiteReport {
  /** Markdown body: tables and what they show. */
  readonly markdown: string;
  /** Vega-lite specs by file stem; each becomes <stem>.svg. */
  readonly plots: Readonly<Record<string, object>>;
}

/** Writes results.md (with the command and machine) and one SVG per plot into `out`. */
export async function writeReport(
  out: string,
  report: SuiteReport,
  header: { readonly command: string; readonly machine: string },
): Promise<string[]> {
  await mkdir(out, { recursive: true });
  const written: string[] = [];
  const md = `Command: \`${header.command}\`\n\nMachine: ${header.machine}\n\n${report.markdown}\n`;
  await writeFileAtomic(join(out, 'results.md'), md);
  written.push(join(out, 'results.md'));
  for (const [stem, spec] of Object.entries(report.plots)) {
    const path = join(out, `${stem}.svg`);
    await writeFile(path, await renderSvg(spec));
    written.push(path);
  }
  return written;
}
