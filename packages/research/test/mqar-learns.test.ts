import '@constant-attention/backend-ort';
import { type Backend, createBackend, Tensor } from '@constant-attention/core';
import { SeededRandom } from '@constant-attention/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mqarBatch } from '../src/mqar/mqar-batch.js';
import { mqarModel } from '../src/mqar/mqar-run.js';
import { type RowTaskBatch, trainRowTask } from '../src/train/train-row-task.js';

// A tiny MQAR: 31 keys, 32 values, 4 pairs in 16 tokens. Chance is 1/32 (ln 32 = 3.47 nats); guessing
// among the 4 values in context gives 1/4 (ln 4 = 1.39): only recall gets past that.
const SHAPE = { vocab: 64, seq: 16, kvPairs: 4, batch: 32 };
const MODEL = {
  vocab: 64,
  seq: 16,
  dModel: 32,
  layers: 2,
  heads: 2,
  positions: 'recurrent',
  initStd: 0.18,
} as const;

/** `shuffle` asks each query for the value of another sequence's query: nothing in the input tells it. */
function batch(random: SeededRandom, shuffle: boolean): RowTaskBatch {
  const b = mqarBatch(SHAPE, random);
  if (!shuffle) return { tokens: b.tokens, rows: b.rows, targets: b.values };
  const n = SHAPE.kvPairs;
  const values = b.values.data;
  const moved = Int32Array.from(values, (_, i) => Number(values[(i + n) % values.length]));
  return { tokens: b.tokens, rows: b.rows, targets: new Tensor('int32', [SHAPE.batch, n], moved) };
}

async function train(backend: Backend, shuffle: boolean) {
  const data = new SeededRandom(3);
  const heldOutData = new SeededRandom(1_000_004);
  return trainRowTask({
    backend,
    model: mqarModel({ ...MODEL, mechanism: 'softmax' }),
    shape: { batch: SHAPE.batch, seq: SHAPE.seq, rows: SHAPE.kvPairs },
    steps: 250,
    lr: 1e-2,
    weightDecay: 0,
    clip: 1,
    seed: 1,
    nextBatch: () => batch(data, shuffle),
    heldOut: Array.from({ length: 8 }, () => batch(heldOutData, shuffle)),
  });
}

describe('the MQAR harness learns recall (tiny vocab, held-out sequences)', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await createBackend({ backend: 'ort', device: 'cpu' });
  });
  afterAll(async () => backend.dispose());

  it('softmax recalls the paired value, far past guessing among the values in context', {
    timeout: 180_000,
  }, async () => {
    const result = await train(backend, false);
    expect(result.diverged).toBe(false);
    expect(result.accuracy).toBeGreaterThan(0.9);
    expect(result.heldOutLoss).toBeLessThan(0.5);
  });

  it('a shuffled-label control stays at chance', { timeout: 180_000 }, async () => {
    const result = await train(backend, true);
    expect(result.accuracy).toBeLessThan(1 / 32 + 0.05);
    expect(result.heldOutLoss).toBeGreaterThan(Math.log(32) - 0.2);
  });
});
