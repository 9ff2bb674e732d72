#!/usr/bin/env node
import { resolve } from 'node:path';
import { InvalidArgumentError } from '@constant-attention/core';
import { loadCheckpoint } from '../checkpoint/load-checkpoint.js';
import { exportDecoder, exportPrefill } from '../export/export-decoder.js';
import { writeFileAtomic } from '../write-file-atomic.js';
import { checkpointDir, parseFlags, runCli, userCwd } from './run-cli.js';

const USAGE = `usage: pnpm export-model [--checkpoint DIR] --out model.onnx [--prefill prefill.onnx]

Writes the checkpoint's decode step (default: the shipped heinsen-lm) as one ONNX file with the trained
weights embedded: input_ids + past_state.<layer>.<name> -> logits + present_state.<layer>.<name>.
metadata_props 'constant_attention' says each state's shape and initial value (-inf for log sums).
--prefill also writes a prefill model over any number of tokens from a state: tokens [1, seq] +
past_state.<layer>.<name> -> logits [1, seq, vocab] + present_state.<layer>.<name>.`;

await runCli(async () => {
  const values = parseFlags(
    { checkpoint: { type: 'string' }, out: { type: 'string' }, prefill: { type: 'string' } },
    USAGE,
  );
  if (!values) return 0;
  if (!values.out) throw new InvalidArgumentError('--out FILE is required');
  const { config, params } = await loadCheckpoint(checkpointDir(values.checkpoint));
  const files: [string, Uint8Array][] = [[values.out as string, exportDecoder(config, params).bytes]];
  if (values.prefill) files.push([values.prefill as string, exportPrefill(config, params).bytes]);
  for (const [path, bytes] of files) {
    // Protobuf caps one message at 2 GB; the shipped checkpoints are a few MB.
    if (bytes.length >= 2 ** 31)
      throw new InvalidArgumentError(
        "the model is over protobuf's 2 GB limit; external data is not written yet",
      );
    const out = resolve(userCwd, path);
    await writeFileAtomic(out, bytes);
    process.stdout.write(
      `wrote ${out} (${bytes.length} bytes, ${config.model.preset}, step ${config.step})\n`,
    );
  }
  return 0;
});
