import { type BackendConfig, createBackend, InvalidArgumentError, Trainer } from '@constant-attention/core';
import { copyTaskBatch } from './copy-task.js';
import type { GptPositions } from './gpt-config.js';
import { initGptParams } from './gpt-params.js';
import { buildGptTrainingStep } from './gpt-training.js';
import { SeededRandom } from './prng.js';

export interface TrainThroughputOptions {
  readonly mechanism: string;
  readonly mechanismOptions?: Readonly<Record<string, unknown>>;
  /** The GPT's positions; default the GPT's own ('recurrent'). */
  readonly positions?: GptPositions;
  readonly layers?: number;
  readonly dModel?: number;
  readonly heads?: number;
  readonly seq?: number;
  readonly vocab?: number;
  readonly batch?: number;
  /** Timed optimizer steps (after warm-up). Default 3. */
  readonly steps?: number;
  /** Untimed steps first (session warm-up, allocations). Default 1. */
  readonly warmupSteps?: number;
  readonly seed?: number;
}

export interface TrainThroughputResult {
  /** Tokens per step over the median step time. */
  readonly tokens_per_s: number;
  /** Median of the timed steps: one step slowed by another process should not move the figure. */
  readonly step_ms: number;
  /** Every timed step, in order. */
  readonly step_ms_samples: readonly number[];
  /** Building the step graph (forward, autodiff, AdamW), compiling it and uploading params and state. */
  readonly compile_ms: number;
  readonly steps: number;
  readonly tokens_per_step: number;
  readonly final_loss: number;
}

/**
 * Training throughput of the whole compiled step (forward, backward, clipping, AdamW) on a backend,
 * with params and optimizer state resident. The backend's package must be imported (registered).
 */
export async function trainThroughput(
  backendConfig: BackendConfig,
  options: TrainThroughputOptions,
): Promise<TrainThroughputResult> {
  const dModel = options.dModel ?? 256;
  const config = {
    vocab: options.vocab ?? 256,
    seq: options.seq ?? 512,
    dModel,
    heads: options.heads ?? Math.max(1, dModel / 64),
    layers: options.layers ?? 4,
    mechanism: options.mechanism,
    ...(options.positions ? { positions: options.positions } : {}),
    ...(options.mechanismOptions ? { mechanismOptions: options.mechanismOptions } : {}),
  };
  const batch = options.batch ?? 1;
  const steps = options.steps ?? 3;
  const warmup = options.warmupSteps ?? 1;
  if (!Number.isInteger(steps) || steps < 1)
    throw new InvalidArgumentError(`trainThroughput: steps must be an integer >= 1, got ${steps}`);
  const random = new SeededRandom(options.seed ?? 1);
  const backend = await createBackend(backendConfig);
  try {
    const started = performance.now();
    const trainer = await Trainer.create(
      backend,
      buildGptTrainingStep(config, batch, { clipNorm: 1 }),
      initGptParams(config, options.seed ?? 1),
      { schedule: () => 1e-3 },
    );
    const compileMs = performance.now() - started;
    try {
      const data = { vocab: config.vocab, seq: config.seq, batch, lag: 3 };
      for (let i = 0; i < warmup; i++) await trainer.step(copyTaskBatch(data, random));
      const batches = Array.from({ length: steps }, () => copyTaskBatch(data, random));
      let loss = Number.NaN;
      const times: number[] = [];
      for (const feeds of batches) {
        const t0 = performance.now();
        loss = (await trainer.step(feeds)).loss;
        times.push(performance.now() - t0);
      }
      const stepMs = median(times);
      const tokensPerStep = batch * config.seq;
      return {
        tokens_per_s: (tokensPerStep * 1000) / stepMs,
        step_ms: stepMs,
        step_ms_samples: times,
        compile_ms: compileMs,
        steps,
        tokens_per_step: tokensPerStep,
        final_loss: loss,
      };
    } finally {
      await trainer.dispose();
    }
  } finally {
    await backend.dispose();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
