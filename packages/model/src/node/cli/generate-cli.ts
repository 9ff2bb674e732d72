#!/usr/bin/env node
import { InvalidArgumentError } from '@constant-attention/core';
import '@constant-attention/backend-ort';
import '@constant-attention/backend-tfjs';
import { createBackend } from '@constant-attention/core';
import { generateText } from '../../lm/generate-text.js';
import { LmSession } from '../../lm/lm-session.js';
import { createLanguageModel } from '../../lm/model-spec.js';
import { createTokenizer } from '../../tokenizer/create-tokenizer.js';
import { parseTokenizerSpec } from '../../tokenizer/tokenizer-spec.js';
import { loadCheckpoint } from '../checkpoint/load-checkpoint.js';
import { checkpointDir, numberFlag, parseFlags, runCli } from './run-cli.js';

const USAGE = `usage: pnpm generate --prompt TEXT [--checkpoint DIR] [--tokens N (200)] [--seed S (0)]
       [--temperature T (0.8; 0 is greedy)] [--top-k K] [--top-p P] [--stop TEXT ...]
       [--backend ort --device cpu] [--json]

Streams a continuation of TEXT from a checkpoint (default: the shipped heinsen-lm). --json prints one
object instead: text, tokens, ms_per_token (each decode step, in order), trained_seq, state_bytes.`;

await runCli(async () => {
  const values = parseFlags(
    {
      checkpoint: { type: 'string' },
      prompt: { type: 'string' },
      tokens: { type: 'string' },
      seed: { type: 'string' },
      temperature: { type: 'string' },
      'top-k': { type: 'string' },
      'top-p': { type: 'string' },
      stop: { type: 'string', multiple: true },
      backend: { type: 'string' },
      device: { type: 'string' },
      json: { type: 'boolean' },
    },
    USAGE,
  );
  if (!values) return 0;
  if (values.prompt === undefined || values.prompt === '')
    throw new InvalidArgumentError('--prompt TEXT is required');
  const dir = checkpointDir(values.checkpoint);
  const { config, params } = await loadCheckpoint(dir);
  const tokenizer = createTokenizer(parseTokenizerSpec(config.tokenizer));
  const backend = await createBackend({
    backend: values.backend ?? 'ort',
    ...(values.device ? { device: values.device } : {}),
  });
  const topK = numberFlag(values['top-k'], 'top-k');
  const topP = numberFlag(values['top-p'], 'top-p');
  const options = {
    maxNewTokens: numberFlag(values.tokens, 'tokens') ?? 200,
    seed: numberFlag(values.seed, 'seed') ?? 0,
    temperature: numberFlag(values.temperature, 'temperature') ?? 0.8,
    ...(topK !== undefined ? { topK } : {}),
    ...(topP !== undefined ? { topP } : {}),
    ...(values.stop ? { stop: values.stop } : {}),
  };
  const session = await LmSession.create(backend, createLanguageModel(config.model), params);
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  const msPerToken: number[] = [];
  let text = '';
  try {
    for await (const piece of generateText(session, tokenizer, values.prompt, {
      ...options,
      signal: abort.signal,
      onStep: (ms) => msPerToken.push(ms),
    })) {
      text += piece;
      if (!values.json) process.stdout.write(piece);
    }
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify({
          text,
          tokens: msPerToken.length,
          ms_per_token: msPerToken,
          trained_seq: config.trainedSeq,
          prompt_tokens: session.position - msPerToken.length,
          state_bytes: session.stateBytes,
          preset: config.model.preset,
          backend: `${backend.name}:${backend.device}`,
        })}\n`,
      );
    } else process.stdout.write('\n');
  } finally {
    await session.dispose();
    await backend.dispose();
  }
  return 0;
});
