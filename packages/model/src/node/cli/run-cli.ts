import { reportCliError } from '@constant-attention/core';

/** Runs a CLI's main and ends it the way every CLI here does (core's reportCliError). */
export async function runCli(main: () => Promise<number | undefined>): Promise<void> {
  try {
    process.exitCode = (await main()) ?? 0;
  } catch (err) {
    process.exitCode = reportCliError(err, (text) => process.stderr.write(text));
  }
}
