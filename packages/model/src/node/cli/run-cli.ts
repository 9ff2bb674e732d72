import { resolve } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { InvalidArgumentError, reportCliError } from '@constant-attention/core';
import { DEFAULT_CHECKPOINT } from '../checkpoint/default-checkpoint.js';

/** pnpm runs scripts from the repository root; INIT_CWD is where the user typed the command. */
export const userCwd = process.env.INIT_CWD ?? process.cwd();

/** Runs a CLI's main and ends it the way every CLI here does (core's reportCliError). */
export async function runCli(main: () => Promise<number | undefined>): Promise<void> {
  try {
    process.exitCode = (await main()) ?? 0;
  } catch (err) {
    process.exitCode = reportCliError(err, (text) => process.stderr.write(text));
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;
export type ParsedFlags<T extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; allowPositionals: true; options: T }>
>['values'];

/**
 * The command line's flags (no positional arguments), or undefined once --help has printed the usage.
 * A stray argument is an InvalidArgumentError, so it ends as one line and exit code 2.
 */
export function parseFlags<T extends Options>(options: T, usage: string): ParsedFlags<T> | undefined {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { ...options, help: { type: 'boolean', short: 'h' } },
  });
  if ((values as { help?: boolean }).help) {
    process.stdout.write(`${usage}\n`);
    return undefined;
  }
  if (positionals.length > 0) throw new InvalidArgumentError(`unexpected argument '${positionals[0]}'`);
  return values as ParsedFlags<T>;
}

/** --checkpoint relative to where the user typed the command; the shipped heinsen-lm by default. */
export function checkpointDir(flag: unknown): string {
  return typeof flag === 'string' ? resolve(userCwd, flag) : DEFAULT_CHECKPOINT;
}

/** A numeric flag's value, undefined when absent; anything but a finite number is an InvalidArgumentError. */
export function numberFlag(raw: unknown, name: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value))
    throw new InvalidArgumentError(`--${name} must be a number, got '${String(raw)}'`);
  return value;
}
