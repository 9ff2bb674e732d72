#!/usr/bin/env node
import { resolve } from 'node:path';
import '@constant-attention/backend-ort';
import '@constant-attention/backend-tfjs';
import cliProgress from 'cli-progress';
import { runTraining } from '../train/run-training.js';
import { runCli } from './run-cli.js';
import { parseTrainArgs, TRAIN_USAGE } from './train-args.js';

// pnpm runs scripts from the repository root; INIT_CWD is where the user typed the command.
const cwd = process.env.INIT_CWD ?? process.cwd();

await runCli(async () => {
  const command = parseTrainArgs(process.argv.slice(2));
  if (command.kind === 'help') {
    process.stdout.write(`${TRAIN_USAGE}\n`);
    return 0;
  }
  const out = resolve(cwd, command.out);
  const abort = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('\ninterrupted: saving a checkpoint after this step (Ctrl-C again to quit now)\n');
    abort.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  const bar = new cliProgress.SingleBar(
    {
      format:
        'train [{bar}] {value}/{total} steps | loss {loss} | {tps} tok/s | held out {bpb} bits/byte | ETA {eta_formatted}',
      stream: process.stderr,
      hideCursor: true,
      etaBuffer: 50,
      noTTYOutput: true,
      notTTYSchedule: 10000,
    },
    cliProgress.Presets.shades_classic,
  );
  let bpb = '-';
  const result = await runTraining(
    command.kind === 'train' ? command.settings : ({ steps: command.steps ?? 0 } as never),
    out,
    {
      resume: command.kind === 'resume',
      signal: abort.signal,
      events: {
        onStart: ({ startStep, totalSteps, params }) => {
          process.stderr.write(`${params.toLocaleString('en')} parameters; checkpoints in ${out}\n`);
          bar.start(totalSteps, startStep, { loss: '-', tps: '-', bpb });
        },
        onStep: (r) => bar.update(r.step + 1, { loss: r.loss.toFixed(3), tps: Math.round(r.tokens_per_s) }),
        onEval: (r) => {
          bpb = r.val_bits_per_byte.toFixed(3);
          bar.update({ bpb });
        },
      },
    },
  );
  bar.stop();
  process.stdout.write(
    `${result.finished ? 'finished' : 'stopped'} at step ${result.step}; checkpoint: ${out}` +
      (result.metrics?.val_bits_per_byte !== undefined
        ? `; held out ${Number(result.metrics.val_bits_per_byte).toFixed(4)} bits/byte`
        : '') +
      '\n',
  );
  return 0;
});
