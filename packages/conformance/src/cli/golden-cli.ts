#!/usr/bin/env node
import { goldenMain } from './golden-main.js';

// pnpm runs scripts from the repository root; INIT_CWD is where the user typed the command.
const cwd = process.env.INIT_CWD ?? process.cwd();
process.exitCode = await goldenMain(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd,
});
