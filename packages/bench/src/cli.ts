#!/usr/bin/env node
// Importing the backend packages registers 'ort' and 'tfjs', so --backends can be checked by name.
import '@constant-attention/backend-ort';
import '@constant-attention/backend-tfjs';
import { resolve } from 'node:path';
import { type Backend, createBackend, reportCliError } from '@constant-attention/core';
import { parseBenchArgs } from './args/parse-args.js';
import { writeResults } from './output/write-results.js';
import { resultsMarkdown } from './report/results-markdown.js';
import { type BenchResults, SCHEMA_VERSION } from './schema/bench-results.js';
import { machineInfo } from './schema/machine-info.js';
import { SUITES } from './suites/suites.js';

async function main(argv: readonly string[]): Promise<number> {
  // `pnpm bench -- decode` forwards the separator itself.
  const args = parseBenchArgs(argv[0] === '--' ? argv.slice(1) : argv);
  const date = new Date();
  const backends: Backend[] = [];
  try {
    for (const config of args.backends) backends.push(await createBackend(config));
    const output = await SUITES[args.suite]({ args, backends });
    const results: BenchResults = {
      schema_version: SCHEMA_VERSION,
      suite: args.suite,
      command: `bench ${argv.filter((a) => a !== '--').join(' ')}`,
      quick: args.quick,
      machine: machineInfo(date),
      samples: output.samples,
      contradictions: output.contradictions,
      summary: output.summary,
    };
    const markdown = resultsMarkdown(results, output.markdown);
    const written = await writeResults(resolve(args.outDir), results, markdown, output.plots);
    process.stdout.write(`\n${output.markdown}\n`);
    if (results.contradictions.length > 0) {
      process.stdout.write('Contradictions with the stated costs:\n');
      for (const c of results.contradictions) {
        process.stdout.write(`  ! ${c.mechanism} on ${c.backend}:${c.device}: ${c.message}\n`);
      }
    }
    process.stdout.write(`\nwrote ${written.join(', ')}\n`);
    return 0;
  } finally {
    for (const backend of backends) await backend.dispose();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => process.exit(reportCliError(error, (text) => process.stderr.write(text))),
);
