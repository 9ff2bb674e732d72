#!/usr/bin/env node
// Importing the backend packages registers 'ort' and 'tfjs', so --backend can name either.
import '@constant-attention/backend-ort';
import '@constant-attention/backend-tfjs';
import { resolve } from 'node:path';
import { createBackend, reportCliError } from '@constant-attention/core';
import { parseResearchArgs, USAGE } from './args/research-args.js';
import { machineLine } from './report/machine-line.js';
import { writeReport } from './report/write-report.js';
import { runSuite } from './run-suite.js';

/** pnpm runs scripts from the repository root; INIT_CWD is where the user typed the command. */
const userCwd = process.env.INIT_CWD ?? process.cwd();

async function main(argv: readonly string[]): Promise<number> {
  const args = parseResearchArgs(argv);
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const out = resolve(userCwd, args.out);
  const backend = await createBackend({ backend: args.backend, device: args.device });
  try {
    const fromLm = args.fromLm === undefined ? undefined : resolve(userCwd, args.fromLm);
    const report = await runSuite(args.suite, backend, out, args.quick, args.jobs, fromLm);
    const command = `pnpm research ${argv.filter((a) => a !== '--').join(' ')}`;
    const written = await writeReport(out, report, { command, machine: machineLine(new Date()) });
    process.stdout.write(`\n${report.markdown}\n\nwrote ${written.join(', ')}\n`);
    return 0;
  } finally {
    await backend.dispose();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => process.exit(reportCliError(error, (text) => process.stderr.write(text))),
);
