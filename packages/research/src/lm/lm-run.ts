import { join } from 'node:path';
import type { Backend } from '@constant-attention/core';
import { createLanguageModel, paramCount } from '@constant-attention/model';
import { runTraining } from '@constant-attention/model/node';
import { type LmRunConfig, lmModelSpec, lmRunFolder } from './lm-plan.js';

/** Decode state of one sequence after `context` tokens, float32: a growing dim (a KV cache) is `context`. */
export function decodeStateBytes(config: LmRunConfig, context: number): number {
  const model = createLanguageModel(lmModelSpec(config));
  return model
    .stateSpecs(1)
    .reduce(
      (sum, s) => sum + 4 * s.shape.reduce<number>((n, d) => n * (typeof d === 'number' ? d : context), 1),
      0,
    );
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : Number.NaN;
};

/**
 * Trains one model on the SOTU train split with the model package's runTraining (byte tokens, AdamW,
 * cosine schedule, checkpoint in out/runs/<label>) and reports its final held-out bits/byte.
 */
export async function runLm(
  backend: Backend,
  out: string,
  config: LmRunConfig,
  seed: number,
): Promise<Record<string, unknown>> {
  const dir = join(out, 'runs', lmRunFolder(config));
  const rates: number[] = [];
  const result = await runTraining(
    {
      model: lmModelSpec(config),
      tokenizer: { name: 'byte' },
      backend: { backend: backend.name, device: backend.device },
      steps: config.steps,
      batch: config.batch,
      seq: config.seq,
      lr: config.lr,
      minLr: config.lr / 10,
      warmup: Math.max(1, Math.floor(config.steps / 50)),
      weightDecay: 0.1,
      clip: 1,
      seed,
      evalEvery: 0,
      evalTokens: 4096,
      saveEvery: config.steps,
    },
    dir,
    {
      events: { onStep: (r) => rates.push(r.tokens_per_s) },
      ...(config.eval_tokens ? { finalEvalTokens: config.eval_tokens } : {}),
    },
  );
  const metrics = result.metrics as Record<string, number>;
  return {
    backend: backend.name,
    device: backend.device,
    params: paramCount(createLanguageModel(lmModelSpec(config)).paramSpecs()),
    val_bits_per_byte: metrics.val_bits_per_byte,
    val_tokens: metrics.val_tokens,
    train_tokens_per_s: median(rates),
    decode_state_bytes_4k: decodeStateBytes(config, 4096),
  };
}
