import { type Backend, InvalidArgumentError, Tensor } from '@constant-attention/core';
import { evalWindows } from '../data/eval-windows.js';
import type { LanguageModel } from './language-model.js';
import { buildLmLossGraph, LOSS_WEIGHTS, TARGETS, TOKENS } from './lm-graphs.js';

export interface HeldOutLoss {
  /** Sum of -ln p(token) over every scored token. */
  readonly nats: number;
  /** Tokens scored: every token after the first of the stream, or the first maxTokens of those. */
  readonly tokens: number;
}

export interface HeldOutOptions {
  readonly seq: number;
  readonly batch?: number;
  readonly chunkSize?: number;
  /** Score only the first this many tokens (periodic evaluation during training). */
  readonly maxTokens?: number;
}

/**
 * Scores a token stream in consecutive windows of `seq` (each from an empty state, as in training), so
 * every token after the first is predicted exactly once. Windows run `batch` at a time through the
 * training loss graph; the last batch is padded with zero-weight windows.
 */
export async function heldOutLoss(
  backend: Backend,
  model: LanguageModel,
  params: Readonly<Record<string, Tensor>>,
  tokens: ArrayLike<number>,
  options: HeldOutOptions,
): Promise<HeldOutLoss> {
  const batch = options.batch ?? 8;
  const { seq } = options;
  if (tokens.length < 2) throw new InvalidArgumentError('heldOutLoss: needs at least two tokens');
  const stream =
    options.maxTokens && options.maxTokens + 1 < tokens.length
      ? Array.prototype.slice.call(tokens, 0, options.maxTokens + 1)
      : tokens;
  const graph = buildLmLossGraph(model, {
    batch,
    seq,
    ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
  });
  const exe = await backend.compile(graph, { name: 'held-out-loss' });
  const resident = Object.fromEntries(
    await Promise.all(Object.entries(params).map(async ([n, t]) => [n, await backend.upload(t)] as const)),
  );
  let nats = 0;
  let scored = 0;
  try {
    const windows = [...evalWindows(stream, seq)];
    for (let start = 0; start < windows.length; start += batch) {
      const group = windows.slice(start, start + batch);
      const ids = new Int32Array(batch * seq);
      const targets = new Int32Array(batch * seq);
      const weights = new Float32Array(batch * seq);
      let count = 0;
      group.forEach((w, i) => {
        ids.set(w.tokens, i * seq);
        targets.set(w.targets, i * seq);
        weights.set(w.weights, i * seq);
        count += w.count;
      });
      const out = await exe.run({
        ...resident,
        [TOKENS]: new Tensor('int32', [batch, seq], ids),
        [TARGETS]: new Tensor('int32', [batch, seq], targets),
        [LOSS_WEIGHTS]: new Tensor('float32', [batch, seq], weights),
      });
      // The graph's loss is the weighted mean over this batch's real targets.
      nats += Number((out.loss as Tensor).data[0]) * count;
      scored += count;
    }
  } finally {
    for (const t of Object.values(resident)) t.dispose();
    await exe.dispose();
  }
  return { nats, tokens: scored };
}

/**
 * Cross-entropy of a unigram model (token frequencies of `train`, add-one smoothed) on `heldOut`,
 * in nats: the baseline that any model with context must beat.
 */
export function unigramNats(
  train: ArrayLike<number>,
  heldOut: ArrayLike<number>,
  vocab: number,
): HeldOutLoss {
  const counts = new Float64Array(vocab).fill(1);
  for (let i = 0; i < train.length; i++) counts[train[i]!]! += 1;
  const total = train.length + vocab;
  let nats = 0;
  for (let i = 1; i < heldOut.length; i++) nats -= Math.log(counts[heldOut[i]!]! / total);
  return { nats, tokens: heldOut.length - 1 };
}
