import type { BenchResults } from '../schema/bench-results.js';
import { formatBytes } from './format.js';

/** results.md: what ran where, the suite's table, and every contradiction found. */
export function resultsMarkdown(results: BenchResults, table: string): string {
  const m = results.machine;
  const lines = [
    `# bench ${results.suite}${results.quick ? ' (--quick)' : ''}`,
    '',
    `- command: \`${results.command}\``,
    `- date: ${m.date}`,
    `- machine: ${m.cpus.count} x ${m.cpus.model}, ${formatBytes(m.memory_bytes)} RAM, ${m.platform}/${m.arch}, Node ${m.node_version}`,
    `- runtimes: ${Object.entries(m.packages)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}`,
    '',
    table,
    '',
    '## Contradictions with the stated costs',
    '',
    ...(results.contradictions.length === 0
      ? ['None found.']
      : results.contradictions.map(
          (c) =>
            `- **${c.mechanism}** on ${c.backend}:${c.device}${c.form ? ` (${c.form})` : ''}: ${c.message}`,
        )),
    '',
  ];
  return lines.join('\n');
}
