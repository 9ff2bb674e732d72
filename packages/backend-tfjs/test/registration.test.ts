import {
  type Backend,
  BackendUnavailableError,
  createBackend,
  GraphBuilder,
  getBackendRegistration,
  Tensor,
} from '@constant-attention/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import '../src/index.js';
import type { TfjsDeviceTensor } from '../src/index.js';

describe("createBackend({ backend: 'tfjs' })", () => {
  it('registers tfjs with devices cpu, wasm, webgl and webgpu', () => {
    const registration = getBackendRegistration('tfjs');
    expect([...registration.devices]).toEqual(['cpu', 'wasm', 'webgl', 'webgpu']);
    expect(registration.defaultDevice).toBe('cpu');
  });

  it.each(['cpu', 'wasm'])('starts %s and makes it the active tfjs backend', async (device) => {
    const backend = await createBackend({ backend: 'tfjs', device });
    expect(backend.name).toBe('tfjs');
    expect(backend.device).toBe(device);
    const exe = await backend.compile(addOneGraph());
    await exe.run({ x: Tensor.float32([1], [1]) });
    expect(tf.getBackend()).toBe(device);
    await backend.dispose();
  });

  it.each(['webgl', 'webgpu'])(
    'rejects %s in Node with a BackendUnavailableError that says why',
    async (device) => {
      await createBackend({ backend: 'tfjs', device: 'cpu' });
      const before = tf.getBackend();
      const attempt = createBackend({ backend: 'tfjs', device });
      await expect(attempt).rejects.toBeInstanceOf(BackendUnavailableError);
      await expect(createBackend({ backend: 'tfjs', device })).rejects.toThrow(
        new RegExp(`tfjs device '${device}' cannot start.*In Node only tfjs devices cpu and wasm work`),
      );
      // The failed attempt leaves a usable active backend behind.
      expect(tf.getBackend()).toBe(before);
      expect(Array.from(await tf.tidy(() => tf.add(tf.scalar(1), 1)).data())).toEqual([2]);
    },
  );

  it('rejects a device tfjs does not have', async () => {
    await expect(createBackend({ backend: 'tfjs', device: 'tpu' })).rejects.toMatchObject({
      code: 'BACKEND_UNAVAILABLE',
    });
  });
});

function addOneGraph() {
  const b = new GraphBuilder();
  return b.build({ y: b.add(b.input('x', 'float32', ['n']), 1) });
}

describe('the single global tfjs backend', () => {
  it('switches to each executable device before it runs, even when runs interleave', async () => {
    const cpu: Backend = await createBackend({ backend: 'tfjs', device: 'cpu' });
    const wasm: Backend = await createBackend({ backend: 'tfjs', device: 'wasm' });
    const onCpu = await cpu.compile(addOneGraph());
    const onWasm = await wasm.compile(addOneGraph());
    const x = Tensor.float32([1, 2, 3], [3]);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 ? onWasm : onCpu).run({ x }, { keepOnDevice: ['y'] })),
    );
    results.forEach((r, i) => {
      const y = r.y as TfjsDeviceTensor;
      // Each output was computed on, and so belongs to, its executable's tfjs backend.
      expect(tf.engine().state.tensorInfo.get(y.tensor.dataId)?.backend).toBe(
        tf.engine().registry[i % 2 ? 'wasm' : 'cpu'],
      );
    });
    for (const r of results)
      expect(Array.from((await (r.y as TfjsDeviceTensor).read()).data)).toEqual([2, 3, 4]);
    for (const r of results) (r.y as TfjsDeviceTensor).dispose();
    await onCpu.run({ x });
    expect(tf.getBackend()).toBe('cpu');
    await onWasm.run({ x });
    expect(tf.getBackend()).toBe('wasm');
    await Promise.all([cpu.dispose(), wasm.dispose()]);
  });

  it('feeds a device tensor made on wasm to a cpu executable (tfjs moves the data)', async () => {
    const cpu = await createBackend({ backend: 'tfjs', device: 'cpu' });
    const wasm = await createBackend({ backend: 'tfjs', device: 'wasm' });
    const resident = await wasm.upload(Tensor.float32([5, 6], [2]));
    const out = await (await cpu.compile(addOneGraph())).run({ x: resident });
    expect(Array.from(out.y!.data)).toEqual([6, 7]);
    resident.dispose();
    await Promise.all([cpu.dispose(), wasm.dispose()]);
  });
});
