import { ConstantAttentionError } from './errors.js';

/** What node:util parseArgs throws for a bad command line (an unknown option, a missing value, ...). */
const isParseArgsError = (err: unknown) =>
  typeof (err as { code?: unknown })?.code === 'string' &&
  (err as { code: string }).code.startsWith('ERR_PARSE_ARGS_');

/** A path the user named that cannot be read or written: their mistake, not a bug of ours. */
const FILE_ERRORS = new Set(['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'EEXIST', 'EROFS']);
const isFileError = (err: unknown) =>
  FILE_ERRORS.has(String((err as { code?: unknown })?.code)) &&
  typeof (err as { path?: unknown }).path === 'string';

/** A mistake in what the user asked for, which a stack trace would only obscure. */
export function isUserError(err: unknown): boolean {
  return err instanceof ConstantAttentionError || isParseArgsError(err) || isFileError(err);
}

/**
 * How every command line tool here ends on an error: a user error is one line, `error: <message>`, and
 * exit code 2; anything else is a bug, so its stack is kept, with exit code 1. Returns the exit code.
 */
export function reportCliError(err: unknown, write: (text: string) => void): number {
  if (isUserError(err)) {
    const message = (err as Error).message.split('\n')[0]!.trim();
    write(`error: ${message}\n`);
    return 2;
  }
  write(`${(err as Error)?.stack ?? String(err)}\n`);
  return 1;
}
