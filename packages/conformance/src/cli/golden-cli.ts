#!/usr/bin/env node
import { reportCliError } from '@constant-attention/core';
import { goldenMain } from './golden-main.js';

// pnpm runs scripts from the repository root; INIT_CWD is where the user typed the command.
const cwd = process.env.INIT_CWD ?? process.cwd();
const stderr = (text: string) => process.stderr.write(text);
process.exitCode = await goldenMain(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr,
  cwd,
}).catch((err: unknown) => reportCliError(err, stderr));
