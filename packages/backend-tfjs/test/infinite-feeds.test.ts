import {
  buildParallelGraph,
  createBackend,
  heinsenLogMechanism,
  InvalidInputValueError,
  llnAttention,
  Tensor,
} from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import '../src/index.js';

const dims = { batch: 1, heads: 1, seqQ: 4, seqK: 4, dk: 2, dv: 2 };
const filled = (x: number) => Tensor.float32(new Array(8).fill(x), [1, 1, 4, 2]);

describe.each(['cpu', 'wasm'])('infinite attention feeds on tfjs %s', (device) => {
  it('lln rejects an infinite q by name and index; heinsen-log takes -inf in log V', async () => {
    const backend = await createBackend({ backend: 'tfjs', device });
    const lln = await backend.compile(buildParallelGraph(llnAttention, dims, { causal: true }));
    const q = filled(0.5);
    q.data[6] = Number.NEGATIVE_INFINITY;
    const err = await lln.run({ q, k: filled(0.2), v: filled(1) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputValueError);
    expect((err as Error).message).toContain("feed 'q' contains -Infinity (first at flat index 6)");
    await lln.dispose();

    const log = await backend.compile(buildParallelGraph(heinsenLogMechanism, dims, { causal: true }));
    const logV = filled(0);
    logV.data[2] = Number.NEGATIVE_INFINITY;
    const out = (await log.run({ q: filled(0.5), k: filled(0.2), v: logV })).out!;
    expect(Array.from(out.data).every(Number.isFinite)).toBe(true);
    await log.dispose();
    await backend.dispose();
  });
});
