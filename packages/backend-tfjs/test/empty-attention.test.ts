import {
  buildParallelGraph,
  createBackend,
  getMechanism,
  mechanismNames,
  runRecurrent,
  ShapeError,
  Tensor,
} from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import '../src/index.js';

const empty = (d: number) => Tensor.float32([], [1, 2, 0, d]);

describe.each(['cpu', 'wasm'])(
  'empty attention inputs on tfjs %s: a ShapeError naming the input',
  (device) => {
    it.each(mechanismNames())('%s, parallel with a symbolic length and recurrent', async (name) => {
      const m = getMechanism(name);
      const backend = await createBackend({ backend: 'tfjs', device });
      const feeds = { q: empty(4), k: empty(4), v: empty(3), ...(m.usesGate ? { gate: empty(1) } : {}) };
      const dims = { batch: 1, heads: 2, seqQ: 'seq', seqK: 'seq', dk: 4, dv: 3 };
      const exe = await backend.compile(buildParallelGraph(m, dims, { causal: false }));
      try {
        await expect(exe.run(feeds)).rejects.toThrow(ShapeError);
        await expect(exe.run(feeds)).rejects.toThrow("feed 'q' is empty (shape [1, 2, 0, 4])");
      } finally {
        await exe.dispose();
      }
      await expect(runRecurrent(backend, m, feeds, {})).rejects.toThrow("attention input 'q' is empty");
    });
  },
);
