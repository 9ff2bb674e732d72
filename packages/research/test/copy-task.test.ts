import '@constant-attention/backend-ort';
import { type Backend, createBackend, mechanismNames, Tensor } from '@constant-attention/core';
import { gptLm, SeededRandom } from '@constant-attention/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RowTaskBatch, trainRowTask } from '../src/train/train-row-task.js';

const VOCAB = 8;
const SEQ = 12;
const LAG = 1;
const BATCH = 16;
const ROWS = SEQ - LAG;

/** Copy-1-back scored at every position that has a token before it; `shuffle` pairs inputs with another row's targets. */
function copyBatch(random: SeededRandom, shuffle: boolean): RowTaskBatch {
  const tokens = Int32Array.from({ length: BATCH * SEQ }, () => random.int(VOCAB));
  const rows = new Int32Array(BATCH * ROWS);
  const targets = new Int32Array(BATCH * ROWS);
  const shift = shuffle ? 1 + random.int(BATCH - 1) : 0;
  for (let r = 0; r < BATCH; r++)
    for (let t = LAG; t < SEQ; t++) {
      rows[r * ROWS + t - LAG] = r * SEQ + t;
      // The shuffled control takes its label from another sequence, so the input says nothing about it.
      targets[r * ROWS + t - LAG] = tokens[((r + shift) % BATCH) * SEQ + t - LAG]!;
    }
  return {
    tokens: new Tensor('int32', [BATCH, SEQ], tokens),
    rows: new Tensor('int32', [BATCH, ROWS], rows),
    targets: new Tensor('int32', [BATCH, ROWS], targets),
  };
}

async function train(backend: Backend, mechanism: string, shuffle: boolean) {
  const random = new SeededRandom(7);
  const heldOutRandom = new SeededRandom(99);
  return trainRowTask({
    backend,
    model: gptLm({
      vocab: VOCAB,
      seq: SEQ,
      positions: 'learned',
      dModel: 32,
      heads: 2,
      layers: 2,
      mechanism,
    }),
    shape: { batch: BATCH, seq: SEQ, rows: ROWS },
    // 400, not 150: linear-gated (identity features, gated) is still at 0.9-1.5 nats at 150-250 steps
    // and its result moved with float rounding there; at 400 every mechanism is near 0.
    steps: 400,
    lr: 0.02,
    weightDecay: 0,
    clip: 1,
    seed: 1,
    nextBatch: () => copyBatch(random, shuffle),
    heldOut: [copyBatch(heldOutRandom, shuffle), copyBatch(heldOutRandom, shuffle)],
  });
}

describe('the harness learns (copy-1-back, vocab 8, held-out batches)', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await createBackend({ backend: 'ort', device: 'cpu' });
  });
  afterAll(async () => backend.dispose());

  // Chance is ln 8 = 2.08 nats; a model that copies is far below it.
  // Compiling heinsen's training graph alone takes half a minute on a loaded 2-core box.
  it.each(mechanismNames())(
    '%s gets below 0.5 nats on held-out sequences',
    { timeout: 180_000 },
    async (mechanism) => {
      const result = await train(backend, mechanism, false);
      expect(result.diverged).toBe(false);
      expect(result.heldOutLoss).toBeLessThan(0.5);
      expect(result.accuracy).toBeGreaterThan(0.85);
    },
  );

  it('a shuffled-label control stays at chance', { timeout: 180_000 }, async () => {
    const [mechanism] = mechanismNames();
    const result = await train(backend, mechanism!, true);
    expect(result.heldOutLoss).toBeGreaterThan(Math.log(VOCAB) - 0.15);
    expect(result.accuracy).toBeLessThan(1 / VOCAB + 0.1);
  });
});
