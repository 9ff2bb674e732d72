import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  buildTrainingStep,
  cosineSchedule,
  createBackend,
  InvalidArgumentError,
  Tensor,
  Trainer,
} from '@constant-attention/core';
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  type CheckpointConfig,
} from '../../checkpoint/checkpoint-config.js';
import { TokenBatcher, type TokenBatcherState } from '../../data/token-batcher.js';
import { lossMetrics } from '../../lm/bits-per-byte.js';
import { heldOutLoss } from '../../lm/held-out-loss.js';
import { buildLmLossGraph, LOSS_WEIGHTS, TARGETS, TOKENS } from '../../lm/lm-graphs.js';
import { createLanguageModel } from '../../lm/model-spec.js';
import { initParams } from '../../lm/param-spec.js';
import { createTokenizer } from '../../tokenizer/create-tokenizer.js';
import { loadCheckpoint } from '../checkpoint/load-checkpoint.js';
import { saveCheckpoint } from '../checkpoint/save-checkpoint.js';
import { loadTokenizedSplit } from '../corpus/tokenized-split.js';
import { writeFileAtomic } from '../write-file-atomic.js';
import { writeLossCurve } from './loss-curve.js';
import { checkTrainSettings, type TrainSettings } from './train-settings.js';

export const TRAIN_LOG = 'train-log.jsonl';
export const LOSS_CURVE = 'loss-curve.svg';

export interface StepRecord {
  readonly kind: 'step';
  readonly step: number;
  readonly loss: number;
  readonly lr: number;
  readonly grad_norm: number | undefined;
  readonly tokens_per_s: number;
  readonly elapsed_s: number;
}

export interface EvalRecord {
  readonly kind: 'eval';
  readonly step: number;
  readonly val_loss_nats_per_token: number;
  readonly val_bits_per_byte: number;
  readonly val_tokens: number;
}

export type LogRecord = StepRecord | EvalRecord;

export interface TrainingEvents {
  readonly onStart?: (info: {
    readonly startStep: number;
    readonly totalSteps: number;
    readonly params: number;
  }) => void;
  readonly onStep?: (record: StepRecord) => void;
  readonly onEval?: (record: EvalRecord) => void;
  readonly onSave?: (step: number) => void;
}

export interface RunTrainingOptions {
  /** Continue the checkpoint in `out` (its settings win; `steps` may be raised). */
  readonly resume?: boolean;
  /** Stops after the step in flight; a checkpoint is saved first. */
  readonly signal?: AbortSignal;
  readonly events?: TrainingEvents;
  readonly cacheDir?: string;
  /** Stop after this many steps of this call (tests interrupt a run this way). */
  readonly stopAfter?: number;
  /** Held-out tokens the final evaluation scores; all of them by default. */
  readonly finalEvalTokens?: number;
}

async function readLog(path: string): Promise<LogRecord[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LogRecord);
}

/**
 * Trains a model on the SOTU corpus and checkpoints it into `out`. Resuming reloads params, AdamW state,
 * the step counter and the batcher's draws, so a resumed run takes the same batches and learning rates
 * as an uninterrupted one; log records past the checkpoint (a run killed between saves) are dropped.
 */
export async function runTraining(settings: TrainSettings, out: string, options: RunTrainingOptions = {}) {
  let resumed: Awaited<ReturnType<typeof loadCheckpoint>> | undefined;
  if (options.resume) {
    resumed = await loadCheckpoint(out, { withOptimizer: true });
    const saved = resumed.config.training as unknown as TrainSettings & { batcher: TokenBatcherState };
    settings = { ...saved, steps: Math.max(settings.steps, saved.steps) };
  }
  checkTrainSettings(settings);
  const tokenizer = createTokenizer(settings.tokenizer);
  const model = createLanguageModel(settings.model);
  if (model.vocab !== tokenizer.vocabSize)
    throw new InvalidArgumentError(
      `the model's vocab ${model.vocab} does not match the ${tokenizer.spec.name} tokenizer's ${tokenizer.vocabSize}`,
    );
  const split = await loadTokenizedSplit(tokenizer, options.cacheDir ? { cacheDir: options.cacheDir } : {});
  const specs = model.paramSpecs();
  const { batch, seq } = settings;
  const shape = { batch, seq, ...(settings.chunkSize ? { chunkSize: settings.chunkSize } : {}) };
  const trainingStep = buildTrainingStep(buildLmLossGraph(model, shape), {
    params: specs.map((s) => s.name),
    optimizer: { decay: specs.filter((s) => s.decay).map((s) => s.name), weightDecay: settings.weightDecay },
    clipNorm: settings.clip,
  });
  const schedule = cosineSchedule({
    peakLr: settings.lr,
    totalSteps: settings.steps,
    warmupSteps: settings.warmup,
    minLr: settings.minLr,
  });
  const backend = await createBackend(settings.backend);
  const batcher = resumed
    ? TokenBatcher.restore(
        split.train,
        { batch, seq },
        (resumed.config.training as { batcher: TokenBatcherState }).batcher,
      )
    : new TokenBatcher(split.train, { batch, seq, seed: settings.seed });
  const trainer = await Trainer.create(
    backend,
    trainingStep,
    resumed?.params ?? initParams(specs, settings.seed),
    {
      schedule,
      ...(resumed?.optimizerState ? { optimizerState: resumed.optimizerState } : {}),
    },
  );
  await mkdir(out, { recursive: true });
  const logPath = join(out, TRAIN_LOG);
  const log = (await readLog(logPath)).filter((r) => r.step < trainer.steps);
  await writeFileAtomic(logPath, log.map((r) => `${JSON.stringify(r)}\n`).join(''));
  const append = async (record: LogRecord) => {
    log.push(record);
    await writeFile(logPath, `${JSON.stringify(record)}\n`, { flag: 'a' });
  };
  const ones = Tensor.full([batch, seq], 1);
  let metrics: CheckpointConfig['metrics'] = resumed?.config.metrics ?? {};
  const elapsedBefore =
    (log.filter((r) => r.kind === 'step').at(-1) as StepRecord | undefined)?.elapsed_s ?? 0;
  const started = performance.now();

  const evaluate = async (maxTokens?: number) => {
    const params = await trainer.readParams();
    const loss = await heldOutLoss(backend, model, params, split.heldOut, {
      ...shape,
      ...(maxTokens ? { maxTokens } : {}),
    });
    const scoredBytes = maxTokens
      ? (split.heldOutBytes * loss.tokens) / (split.heldOut.length - 1)
      : split.heldOutBytes - new TextEncoder().encode(tokenizer.decode([split.heldOut[0]!])).length;
    return lossMetrics(loss.nats, loss.tokens, scoredBytes);
  };
  const save = async () => {
    const config: CheckpointConfig = {
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      model: settings.model,
      tokenizer: settings.tokenizer,
      trainedSeq: seq,
      step: trainer.steps,
      corpus: { version: split.version, trainBytes: split.trainBytes, heldOutBytes: split.heldOutBytes },
      training: { ...settings, batcher: batcher.state() },
      metrics,
    };
    await saveCheckpoint(out, {
      config,
      params: await trainer.readParams(),
      optimizerState: await trainer.readState(),
    });
    await writeLossCurve(join(out, LOSS_CURVE), log, `${settings.model.preset} on SOTU`).catch(
      () => undefined,
    );
    options.events?.onSave?.(trainer.steps);
  };

  options.events?.onStart?.({
    startStep: trainer.steps,
    totalSteps: settings.steps,
    params: specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0),
  });
  let taken = 0;
  try {
    while (trainer.steps < settings.steps) {
      if (options.signal?.aborted || (options.stopAfter !== undefined && taken >= options.stopAfter)) break;
      const next = batcher.next();
      const t0 = performance.now();
      const result = await trainer.step({
        [TOKENS]: new Tensor('int32', [batch, seq], next.tokens),
        [TARGETS]: new Tensor('int32', [batch, seq], next.targets),
        [LOSS_WEIGHTS]: ones,
      });
      taken += 1;
      const record: StepRecord = {
        kind: 'step',
        step: result.step,
        loss: result.loss,
        lr: result.lr,
        grad_norm: result.gradNorm,
        tokens_per_s: (batch * seq) / ((performance.now() - t0) / 1000),
        elapsed_s: elapsedBefore + (performance.now() - started) / 1000,
      };
      if (!Number.isFinite(result.loss))
        throw new InvalidArgumentError(
          `training diverged: loss ${result.loss} at step ${result.step}; lower --lr`,
        );
      await append(record);
      options.events?.onStep?.(record);
      const done = trainer.steps;
      if (settings.evalEvery > 0 && done % settings.evalEvery === 0 && done < settings.steps) {
        const m = await evaluate(settings.evalTokens);
        const evalRecord: EvalRecord = { kind: 'eval', step: done, ...m };
        await append(evalRecord);
        options.events?.onEval?.(evalRecord);
      }
      if (done % settings.saveEvery === 0 && done < settings.steps) await save();
    }
    if (trainer.steps >= settings.steps && !options.signal?.aborted) {
      const m = await evaluate(options.finalEvalTokens);
      metrics = { ...m, step: trainer.steps };
      const evalRecord: EvalRecord = { kind: 'eval', step: trainer.steps, ...m };
      await append(evalRecord);
      options.events?.onEval?.(evalRecord);
    }
    await save();
    return { step: trainer.steps, metrics, finished: trainer.steps >= settings.steps };
  } finally {
    await trainer.dispose();
    await backend.dispose();
  }
}
