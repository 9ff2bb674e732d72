import type { Backend } from '@constant-attention/core';
import { type GptPositions, gptLm, type LanguageModel, SeededRandom } from '@constant-attention/model';
import type { RowTaskBatch } from '../train/train-row-task.js';
import { trainRowTask } from '../train/train-row-task.js';
import { type MqarShape, mqarBatch } from './mqar-batch.js';

/** One MQAR run: a mechanism at one (seq, pairs, d_model) and one learning rate. */
export interface MqarConfig {
  readonly mechanism: string;
  readonly seq: number;
  readonly kvPairs: number;
  readonly dModel: number;
  readonly lr: number;
  readonly vocab: number;
  readonly layers: number;
  readonly batch: number;
  readonly steps: number;
  readonly heldOutSequences: number;
  readonly seed: number;
  /** Attention heads; default 1 (d_model is then the state size of a constant-state mechanism). */
  readonly heads?: number;
  /** Default 'learned'. */
  readonly positions?: GptPositions;
  /** Std of the normal init of weights and embeddings; default the model's (0.02). */
  readonly initStd?: number;
  /** AdamW weight decay on matrices and embeddings; default 0.1. */
  readonly weightDecay?: number;
  readonly onStep?: (step: number, loss: number) => void;
}

export interface MqarOutcome {
  readonly accuracy: number;
  readonly held_out_loss: number;
  readonly final_train_loss: number;
  readonly diverged: boolean;
  readonly tokens_per_s: number;
}

const toRowTask = (b: ReturnType<typeof mqarBatch>): RowTaskBatch => ({
  tokens: b.tokens,
  rows: b.rows,
  targets: b.values,
});

/** The model a run trains: the model package's GPT with the run's width, heads, positions and init. */
export function mqarModel(
  config: Pick<
    MqarConfig,
    'mechanism' | 'vocab' | 'seq' | 'dModel' | 'layers' | 'heads' | 'positions' | 'initStd'
  >,
): LanguageModel {
  return gptLm({
    vocab: config.vocab,
    seq: config.seq,
    positions: config.positions ?? 'learned',
    dModel: config.dModel,
    heads: config.heads ?? 1,
    ...(config.initStd !== undefined ? { initStd: config.initStd } : {}),
    layers: config.layers,
    mechanism: config.mechanism,
  });
}

/**
 * Trains a 2-layer GPT over `mechanism` on fresh MQAR batches and scores recall on held-out sequences,
 * drawn from their own seed. One head, so a constant-state mechanism's state per layer is
 * d_model x d_model: d_model is the state size the issue sweeps. Learned positions, as in the model
 * package's copy task (the pairs' alternation is a relative-position pattern).
 */
export async function runMqar(backend: Backend, config: MqarConfig): Promise<MqarOutcome> {
  const model = mqarModel(config);
  const shape = (batch: number): MqarShape => ({
    vocab: config.vocab,
    seq: config.seq,
    kvPairs: config.kvPairs,
    batch,
  });
  // Init (the seed itself), training data and held-out data each draw from their own stream. These
  // offsets made the committed results; changing them changes every number.
  const trainData = new SeededRandom(config.seed * 2 + 1);
  const heldOutData = new SeededRandom(config.seed * 2 + 2 + 1_000_003);
  const heldOut: RowTaskBatch[] = [];
  for (let left = config.heldOutSequences; left > 0; left -= config.batch)
    heldOut.push(toRowTask(mqarBatch(shape(config.batch), heldOutData)));
  const result = await trainRowTask({
    backend,
    model,
    shape: { batch: config.batch, seq: config.seq, rows: config.kvPairs },
    steps: config.steps,
    lr: config.lr,
    weightDecay: config.weightDecay ?? 0.1,
    clip: 1,
    seed: config.seed,
    nextBatch: () => toRowTask(mqarBatch(shape(config.batch), trainData)),
    heldOut,
    ...(config.onStep ? { onStep: config.onStep } : {}),
  });
  return {
    accuracy: result.accuracy,
    held_out_loss: result.heldOutLoss,
    final_train_loss: result.finalTrainLoss,
    diverged: result.diverged,
    tokens_per_s: result.tokensPerSecond,
  };
}
