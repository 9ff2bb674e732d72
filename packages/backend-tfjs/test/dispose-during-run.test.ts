import { createBackend, DisposedError, evaluate, GraphBuilder, Tensor } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import '../src/index.js';

/** With a constant, which the executable holds on the device until dispose(). */
function matmulGraph(n: number) {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', [n, n]);
  const bias = b.constant(
    Array.from({ length: n }, (_, i) => i / n),
    [n],
  );
  return b.build({ y: b.add(b.matmul(b.matmul(x, x), x), bias) });
}

describe.each(['cpu', 'wasm'])('dispose() while a run is under way on tfjs %s', (device) => {
  it('waits for the run, which completes correctly; later runs get DisposedError', async () => {
    const n = 64;
    const x = Tensor.float32(
      Array.from({ length: n * n }, (_, i) => ((i % 17) - 8) / 40),
      [n, n],
    );
    const graph = matmulGraph(n);
    const backend = await createBackend({ backend: 'tfjs', device });
    const exe = await backend.compile(graph);
    const running = exe.run({ x });
    const disposing = exe.dispose();
    const [out] = await Promise.all([running, disposing]);
    const expected = evaluate(graph, { x }).y!;
    for (let i = 0; i < expected.size; i++) expect(out.y!.data[i]).toBeCloseTo(expected.data[i]!, 4);
    await expect(exe.run({ x })).rejects.toThrow(DisposedError);
    await backend.dispose();
  });
});
