#!/usr/bin/env node
import { InvalidArgumentError } from '@constant-attention/core';
import '@constant-attention/backend-ort';
import '@constant-attention/backend-tfjs';
import { evaluateCheckpoint } from '../train/evaluate-checkpoint.js';
import { checkpointDir, parseFlags, runCli } from './run-cli.js';

const USAGE = `usage: pnpm eval [--checkpoint DIR] [--json] [--backend ort --device cpu] [--max-tokens N]

Scores a checkpoint (default: the shipped heinsen-lm) on the held-out SOTU speeches, beside the unigram
baseline. --json prints one object with val_bits_per_byte, val_bytes, val_loss_nats_per_token,
unigram_bits_per_byte.`;

await runCli(async () => {
  const values = parseFlags(
    {
      checkpoint: { type: 'string' },
      json: { type: 'boolean' },
      backend: { type: 'string' },
      device: { type: 'string' },
      'max-tokens': { type: 'string' },
    },
    USAGE,
  );
  if (!values) return 0;
  const maxTokens = values['max-tokens'] === undefined ? undefined : Number(values['max-tokens']);
  if (maxTokens !== undefined && !(Number.isSafeInteger(maxTokens) && maxTokens > 0))
    throw new InvalidArgumentError(`--max-tokens must be a positive integer, got '${values['max-tokens']}'`);
  const result = await evaluateCheckpoint(checkpointDir(values.checkpoint), {
    backend: { backend: values.backend ?? 'ort', ...(values.device ? { device: values.device } : {}) },
    ...(maxTokens ? { maxTokens } : {}),
  });
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else
    process.stdout.write(
      `${result.preset} (step ${result.step}, ${result.tokenizer} tokens) on ${result.corpus} held out:\n` +
        `  ${result.val_bits_per_byte.toFixed(4)} bits/byte, ${result.val_loss_nats_per_token.toFixed(4)} nats/token over ${result.val_tokens} tokens (${result.val_bytes} bytes)\n` +
        `  unigram baseline: ${result.unigram_bits_per_byte.toFixed(4)} bits/byte\n`,
    );
  return 0;
});
