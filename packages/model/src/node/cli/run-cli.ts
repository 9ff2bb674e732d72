import { ConstantAttentionError } from '@constant-attention/core';

/** A mistake of the user's (bad flag, bad file): one line and exit code 2, no stack trace. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Runs a CLI's main. User errors (usage, and every typed error of this library: bad config, bad file,
 * bad input) print `error: <message>` and exit 2; anything else is a bug and keeps its stack.
 */
export async function runCli(main: () => Promise<number | undefined>): Promise<void> {
  try {
    process.exitCode = (await main()) ?? 0;
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConstantAttentionError || isArgumentError(err)) {
      process.stderr.write(`error: ${(err as Error).message}\n`);
      process.exitCode = 2;
      return;
    }
    throw err;
  }
}

/** node:util parseArgs' own errors (unknown option, missing value) are usage errors too. */
function isArgumentError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
