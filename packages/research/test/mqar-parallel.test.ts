import '@constant-attention/backend-ort';
import { createBackend } from '@constant-attention/core';
import Tinypool from 'tinypool';
import { describe, expect, it } from 'vitest';
import { type MqarConfig, runMqar } from '../src/mqar/mqar-run.js';
import { threadsPerJob } from '../src/mqar/mqar-suite.js';

const tiny: MqarConfig = {
  mechanism: 'softmax',
  seq: 16,
  kvPairs: 4,
  dModel: 16,
  lr: 1e-2,
  vocab: 64,
  layers: 2,
  batch: 8,
  steps: 6,
  heldOutSequences: 16,
  seed: 3,
  heads: 1,
  positions: 'recurrent',
  initStd: 0.25,
};

describe('parallel MQAR runs', () => {
  it('a run in a worker thread gives what the same run gives in this thread', async () => {
    // The built worker, as `pnpm research mqar --jobs N` runs it (turbo builds before testing); no
    // execArgv, since vitest's source conditions would send the worker to .ts files.
    const pool = new Tinypool({
      filename: new URL('../dist/mqar/mqar-worker.js', import.meta.url).href,
      minThreads: 2,
      maxThreads: 2,
      execArgv: [],
      workerData: { backend: 'ort', device: 'cpu', options: { threads: 1 } },
    });
    const here = await createBackend({ backend: 'ort', device: 'cpu', options: { threads: 1 } });
    try {
      const [a, b] = await Promise.all([pool.run(tiny), pool.run({ ...tiny, seed: 4 })]);
      const local = await runMqar(here, tiny);
      expect(a.final_train_loss).toBeCloseTo(local.final_train_loss, 5);
      expect(a.held_out_loss).toBeCloseTo(local.held_out_loss, 5);
      expect(a.accuracy).toBe(local.accuracy);
      // Another seed is another run, not a copy of the first.
      expect(b.final_train_loss).not.toBeCloseTo(a.final_train_loss, 5);
      await expect(pool.run({ ...tiny, mechanism: 'no-such-mechanism' })).rejects.toThrow(
        /no-such-mechanism/,
      );
    } finally {
      await pool.destroy();
      await here.dispose();
    }
  });

  it('splits the cores between jobs, never below one thread', () => {
    expect(threadsPerJob(2, 2)).toBe(1);
    expect(threadsPerJob(2, 16)).toBe(8);
    expect(threadsPerJob(4, 2)).toBe(1);
  });
});
