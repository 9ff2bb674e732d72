import { describe, expect, it } from 'vitest';
import {
  BackendNotRegisteredError,
  BackendUnavailableError,
  createBackend,
  type DeviceTensor,
  DisposedError,
  GraphBuilder,
  getBackendRegistration,
  InvalidArgumentError,
  InvalidInputValueError,
  isDeviceTensor,
  registerBackend,
  registeredBackends,
  Tensor,
} from '../../src/index.js';
import { expectRejects } from '../ir/expect-error.js';

/** state' = state + x; out = 2 * state'. A stand-in for a decode step with resident state. */
function accumulateGraph() {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', [2]);
  const state = b.input('state', 'float32', [2]);
  const next = b.add(state, x);
  return b.build({ out: b.mul(next, 2), next });
}

describe('reference backend', () => {
  it('is created through the registry and runs graphs', async () => {
    const backend = await createBackend({ backend: 'reference' });
    expect([backend.name, backend.device]).toEqual(['reference', 'cpu']);
    const exe = await backend.compile(accumulateGraph());
    const out = await exe.run({ x: Tensor.float32([1, 2], [2]), state: Tensor.float32([10, 20], [2]) });
    expect(out.out!.toArray()).toEqual([22, 44]);
    expect(out.next!.toArray()).toEqual([11, 22]);
    await exe.dispose();
  });

  it('keeps requested outputs on the device so they can be fed back', async () => {
    const backend = await createBackend({ backend: 'reference', device: 'cpu' });
    const exe = await backend.compile(accumulateGraph());
    let state: DeviceTensor = await backend.upload(Tensor.float32([0, 0], [2]));
    const xs = [
      [1, 2],
      [3, 4],
      [5, 6],
    ];
    for (const x of xs) {
      const out = await exe.run({ x: Tensor.float32(x, [2]), state }, { keepOnDevice: ['next'] });
      expect(isDeviceTensor(out.next)).toBe(true);
      expect(isDeviceTensor(out.out)).toBe(false);
      state.dispose();
      state = out.next as DeviceTensor;
    }
    expect(state.backend).toBe('reference');
    expect(state.shape).toEqual([2]);
    expect(state.dtype).toBe('float32');
    expect((await state.read()).toArray()).toEqual([9, 12]);
    state.dispose();
    state.dispose(); // idempotent
    expect(state.disposed).toBe(true);
    await expectRejects(() => state.read(), DisposedError);
    await expectRejects(() => exe.run({ x: Tensor.float32([1, 1], [2]), state }), InvalidInputValueError, [
      "feed 'state'",
      'disposed',
    ]);
  });

  it('rejects keepOnDevice names that are not outputs', async () => {
    const exe = await (await createBackend({ backend: 'reference' })).compile(accumulateGraph());
    const feeds = { x: Tensor.float32([1, 1], [2]), state: Tensor.float32([1, 1], [2]) };
    await expectRejects(() => exe.run(feeds, { keepOnDevice: ['nxt'] }), InvalidArgumentError, [
      "'nxt'",
      'next',
    ]);
  });

  it('rejects device tensors of another backend', async () => {
    const exe = await (await createBackend({ backend: 'reference' })).compile(accumulateGraph());
    const foreign: DeviceTensor = {
      kind: 'device',
      backend: 'elsewhere',
      dtype: 'float32',
      shape: [2],
      disposed: false,
      read: async () => Tensor.float32([0, 0], [2]),
      dispose: () => {},
    };
    await expectRejects(
      () => exe.run({ x: Tensor.float32([1, 1], [2]), state: foreign }),
      InvalidArgumentError,
      ["feed 'state'", "'elsewhere'"],
    );
  });

  it('throws DisposedError from a disposed executable', async () => {
    const exe = await (await createBackend({ backend: 'reference' })).compile(accumulateGraph());
    await exe.dispose();
    await expectRejects(
      () => exe.run({ x: Tensor.float32([1, 1], [2]), state: Tensor.float32([1, 1], [2]) }),
      DisposedError,
    );
  });
});

describe('backend registry', () => {
  it('names the unknown backend and the registered ones', async () => {
    await expectRejects(() => createBackend({ backend: 'no-such-backend' }), BackendNotRegisteredError, [
      "'no-such-backend'",
      'reference',
    ]);
    expect(() => getBackendRegistration('no-such-backend')).toThrow(BackendNotRegisteredError);
  });

  it('rejects an unknown device instead of falling back', async () => {
    await expectRejects(
      () => createBackend({ backend: 'reference', device: 'webgpu' }),
      BackendUnavailableError,
      ["'webgpu'", 'cpu'],
    );
  });

  it('replaces a registration under the same name and passes the resolved device to the factory', async () => {
    const seen: (string | undefined)[] = [];
    const register = (tag: string) =>
      registerBackend({
        name: 'registry-test',
        devices: ['a', 'b'],
        defaultDevice: 'b',
        create: async (config) => {
          seen.push(`${tag}:${config.device}`);
          return createBackend({ backend: 'reference' });
        },
      });
    register('first');
    register('second');
    await createBackend({ backend: 'registry-test' });
    await createBackend({ backend: 'registry-test', device: 'a' });
    expect(seen).toEqual(['second:b', 'second:a']);
    expect(registeredBackends().filter((r) => r.name === 'registry-test')).toHaveLength(1);
  });
});
