import {
  buildParallelGraph,
  heinsenLogMechanism,
  InvalidInputValueError,
  llnAttention,
  NAN_PROBE_MIN_ELEMENTS,
  Tensor,
} from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { ortBackend, TEST_DEVICES } from './support/backends.js';

// seq * dk reaches the probe size, so q, k and v are checked by the in-graph sums, not in JavaScript.
const [SEQ, D] = [NAN_PROBE_MIN_ELEMENTS / 8, 8];
const dims = { batch: 1, heads: 1, seqQ: SEQ, seqK: SEQ, dk: D, dv: D };
const shape = [1, 1, SEQ, D];
const filled = (x: number) => Tensor.float32(new Float32Array(SEQ * D).fill(x), shape);

describe.each(TEST_DEVICES)('infinite attention feeds on ort %s', (device) => {
  it('an input compiled as deviceFed (no probe) is still checked when a host tensor is fed to it', async () => {
    const exe = await (await ortBackend(device)).compile(
      buildParallelGraph(llnAttention, dims, { causal: false }),
      { deviceFed: ['k'] },
    );
    try {
      const feeds = { q: filled(0.1), k: filled(0.2), v: filled(1) };
      feeds.k.data[77] = Number.NaN;
      const err = await exe.run(feeds).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidInputValueError);
      expect((err as Error).message).toContain(`feed 'k' contains NaN (first at flat index 77)`);
    } finally {
      await exe.dispose();
    }
  });

  it('lln rejects +inf and -inf in q, k, v by name and index (it would give NaN)', async () => {
    const exe = await (await ortBackend(device)).compile(
      buildParallelGraph(llnAttention, dims, { causal: false }),
    );
    try {
      for (const name of ['q', 'k', 'v'] as const) {
        for (const bad of [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
          const feeds = { q: filled(0.1), k: filled(0.2), v: filled(1) };
          feeds[name].data[1234] = bad;
          const err = await exe.run(feeds).catch((e: unknown) => e);
          expect(err, `${name} ${bad}`).toBeInstanceOf(InvalidInputValueError);
          expect((err as Error).message).toContain(
            `feed '${name}' contains ${bad} (first at flat index 1234)`,
          );
        }
      }
    } finally {
      await exe.dispose();
    }
  });

  it('heinsen-log takes -inf in log V (V = 0) and still rejects +inf there', async () => {
    const graph = buildParallelGraph(heinsenLogMechanism, { ...dims, seqQ: 2 }, { causal: false });
    const exe = await (await ortBackend(device)).compile(graph);
    try {
      const logV = filled(0);
      for (let i = 0; i < logV.size; i += 3) logV.data[i] = Number.NEGATIVE_INFINITY;
      const q = Tensor.float32(new Float32Array(2 * D).fill(0.1), [1, 1, 2, D]);
      const out = (await exe.run({ q, k: filled(0.2), v: logV })).out!;
      expect(Array.from(out.data).every(Number.isFinite)).toBe(true);
      logV.data[5] = Number.POSITIVE_INFINITY;
      await expect(exe.run({ q, k: filled(0.2), v: logV })).rejects.toThrow(
        "feed 'v' contains Infinity (first at flat index 5)",
      );
    } finally {
      await exe.dispose();
    }
  });
});
