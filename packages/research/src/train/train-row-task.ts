import {
  type Backend,
  buildTrainingStep,
  cosineSchedule,
  InvalidArgumentError,
  Tensor,
  Trainer,
} from '@constant-attention/core';
import { initParams, type LanguageModel, LOSS_WEIGHTS, TARGETS, TOKENS } from '@constant-attention/model';
import {
  buildRowTaskLogitsGraph,
  buildRowTaskLossGraph,
  LOGIT_ROWS,
  type RowTaskShape,
} from './row-task-graphs.js';
import { scoreRows } from './score-rows.js';

/** One batch of a task scored at a few positions per sequence. */
export interface RowTaskBatch {
  /** int32 [batch, seq]. */
  readonly tokens: Tensor;
  /** int32 [batch, rows]: flat indices row * seq + position. */
  readonly rows: Tensor;
  /** int32 [batch, rows]: the token each scored position must output. */
  readonly targets: Tensor;
}

export interface RowTaskTraining {
  readonly backend: Backend;
  readonly model: LanguageModel;
  readonly shape: RowTaskShape;
  readonly steps: number;
  /** Peak of a cosine schedule with linear warm-up (10% of the steps) down to lr / 10. */
  readonly lr: number;
  readonly weightDecay: number;
  readonly clip: number;
  /** Seeds the init; the data's seeds belong to the batches' makers. */
  readonly seed: number;
  readonly nextBatch: () => RowTaskBatch;
  readonly heldOut: readonly RowTaskBatch[];
  readonly onStep?: (step: number, loss: number) => void;
}

export interface RowTaskResult {
  /** Fraction of held-out scored positions whose argmax is the target. */
  readonly accuracy: number;
  /** Mean held-out cross-entropy at the scored positions, nats. */
  readonly heldOutLoss: number;
  /** Mean training loss of the last 5 steps (each on a fresh batch, before the step's update). */
  readonly finalTrainLoss: number;
  readonly trainSeconds: number;
  readonly tokensPerSecond: number;
  readonly diverged: boolean;
}

/**
 * Trains a language model from its init on a row task with AdamW (core's Trainer) and scores it on
 * held-out batches. A loss that turns NaN or infinite ends training early and is reported as diverged
 * (accuracy is still measured): an LR sweep expects its highest rates to diverge for some mechanisms.
 */
export async function trainRowTask(run: RowTaskTraining): Promise<RowTaskResult> {
  if (!Number.isSafeInteger(run.steps) || run.steps < 2)
    throw new InvalidArgumentError(`trainRowTask: steps must be an integer >= 2, got ${run.steps}`);
  const specs = run.model.paramSpecs();
  const step = buildTrainingStep(buildRowTaskLossGraph(run.model, run.shape), {
    params: specs.map((s) => s.name),
    optimizer: { decay: specs.filter((s) => s.decay).map((s) => s.name), weightDecay: run.weightDecay },
    clipNorm: run.clip,
  });
  const schedule = cosineSchedule({
    peakLr: run.lr,
    totalSteps: run.steps,
    warmupSteps: Math.max(1, Math.floor(run.steps / 10)),
    minLr: run.lr / 10,
  });
  const trainer = await Trainer.create(run.backend, step, initParams(specs, run.seed), { schedule });
  const ones = Tensor.full([run.shape.batch, run.shape.rows], 1);
  const losses: number[] = [];
  let diverged = false;
  let params: Record<string, Tensor>;
  const started = performance.now();
  try {
    for (let i = 0; i < run.steps; i++) {
      const batch = run.nextBatch();
      const { loss } = await trainer.step({
        [TOKENS]: batch.tokens,
        [LOGIT_ROWS]: batch.rows,
        [TARGETS]: batch.targets,
        [LOSS_WEIGHTS]: ones,
      });
      run.onStep?.(i, loss);
      if (!Number.isFinite(loss)) {
        diverged = true;
        break;
      }
      losses.push(loss);
    }
    params = await trainer.readParams();
  } finally {
    await trainer.dispose();
  }
  const trainSeconds = (performance.now() - started) / 1000;
  const score = await scoreRows(
    run.backend,
    buildRowTaskLogitsGraph(run.model, run.shape),
    params,
    run.heldOut,
  );
  const tail = losses.slice(-5);
  return {
    ...score,
    finalTrainLoss: tail.length ? tail.reduce((a, b) => a + b, 0) / tail.length : Number.NaN,
    trainSeconds,
    tokensPerSecond: (losses.length * run.shape.batch * run.shape.seq) / trainSeconds,
    diverged,
  };
}
