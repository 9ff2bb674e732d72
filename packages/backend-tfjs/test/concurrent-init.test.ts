import { createBackend, GraphBuilder, Tensor } from '@constant-attention/core';
import { expect, it } from 'vitest';
import '../src/index.js';

// Its own file, so wasm is not yet initialized in this worker when the test starts.
it('runs on cpu while the wasm device is still initializing', async () => {
  const cpu = await createBackend({ backend: 'tfjs', device: 'cpu' });
  const b = new GraphBuilder();
  const exe = await cpu.compile(b.build({ y: b.mul(b.input('x', 'float32', [2]), 2) }));
  let started = false;
  const starting = createBackend({ backend: 'tfjs', device: 'wasm' }).finally(() => {
    started = true;
  });
  // Keep running on cpu through every stage of the wasm start, including tfjs's async backend init.
  let runs = 0;
  while (!started) {
    const out = await exe.run({ x: Tensor.float32([1, 2], [2]) });
    expect(Array.from(out.y!.data)).toEqual([2, 4]);
    runs++;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  expect(runs).toBeGreaterThan(0);
  const wasm = await starting;
  expect(wasm.device).toBe('wasm');
  await Promise.all([cpu.dispose(), wasm.dispose()]);
});
