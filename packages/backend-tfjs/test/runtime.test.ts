import {
  type Backend,
  createBackend,
  type DeviceTensor,
  DisposedError,
  DTypeError,
  evaluate,
  FeedError,
  GraphBuilder,
  InvalidArgumentError,
  InvalidInputValueError,
  isDeviceTensor,
  RankError,
  ShapeError,
  Tensor,
  type TensorLike,
} from '@constant-attention/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../src/index.js';
import { expectClose } from './support/expect-close.js';
import { randomFloats, seededRandom } from './support/random.js';

/** y = softmax(x @ w) over a symbolic row count, with a constant and an int32 index output. */
function scoreGraph() {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', ['n', 3]);
  const w = b.input('w', 'float32', [3, 2]);
  return b.build({ y: b.softmax(b.matmul(x, w)), rows: b.iota('n', 'int32') });
}

describe.each(['cpu', 'wasm'])('TfjsBackend runtime on %s', (device) => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await createBackend({ backend: 'tfjs', device });
  });
  afterAll(() => backend.dispose());

  it('rounds float64-stored feeds to float32 and returns Float32Array outputs', async () => {
    const r = seededRandom(7);
    const x = randomFloats(r, [4, 3]);
    const w = randomFloats(r, [3, 2]);
    const exe = await backend.compile(scoreGraph());
    const fromF64 = await exe.run({ x: x.toFloat64(), w: Tensor.float64(w.data, [3, 2]) });
    const fromF32 = await exe.run({ x, w });
    expect(fromF64.y!.data).toBeInstanceOf(Float32Array);
    expect(Array.from(fromF64.y!.data)).toEqual(Array.from(fromF32.y!.data));
    expectClose(fromF64.y!, evaluate(scoreGraph(), { x, w }).y!, 'y');
    expect(fromF64.rows!.data).toBeInstanceOf(Int32Array);
    expect(Array.from(fromF64.rows!.data)).toEqual([0, 1, 2, 3]);
    await exe.dispose();
  });

  describe('bad input gets the shared typed errors before tfjs runs anything', () => {
    const x = Tensor.float32([1, 2, 3, 4, 5, 6], [2, 3]);
    const w = Tensor.float32([1, 2, 3, 4, 5, 6], [3, 2]);
    const cases: [string, Record<string, TensorLike>, new (...args: never[]) => Error, RegExp][] = [
      ['a missing feed', { x }, FeedError, /missing feed 'w'/],
      ['an unknown feed', { x, w, z: x }, FeedError, /unknown feed 'z'/],
      [
        'a wrong dtype',
        { x: Tensor.int32([1, 2, 3, 4, 5, 6], [2, 3]), w },
        DTypeError,
        /dtype int32, expected float32/,
      ],
      ['a wrong rank', { x: Tensor.float32([1, 2, 3], [3]), w }, RankError, /rank 1/],
      ['a wrong fixed dim', { x: Tensor.float32([1, 2, 3, 4], [2, 2]), w }, ShapeError, /axis 1 must be 3/],
      [
        'NaN',
        { x: Tensor.float32([1, Number.NaN, 3, 4, 5, 6], [2, 3]), w },
        InvalidInputValueError,
        /contains NaN \(first at flat index 1\)/,
      ],
    ];
    it.each(cases)('%s', async (_, feeds, type, message) => {
      const exe = await backend.compile(scoreGraph());
      const before = tf.memory().numTensors;
      const attempt = exe.run(feeds);
      await expect(attempt).rejects.toBeInstanceOf(type);
      await expect(exe.run(feeds)).rejects.toThrow(message);
      expect(tf.memory().numTensors).toBe(before);
      await exe.dispose();
    });

    it('conflicting bindings of one symbol', async () => {
      const b = new GraphBuilder();
      const y = b.add(b.input('a', 'float32', ['n']), b.input('c', 'float32', ['n']));
      const exe = await backend.compile(b.build({ y }));
      await expect(exe.run({ a: Tensor.float32([1, 2], [2]), c: Tensor.float32([1], [1]) })).rejects.toThrow(
        ShapeError,
      );
      await exe.dispose();
    });

    it('a disposed or foreign device tensor, and an unknown keepOnDevice name', async () => {
      const exe = await backend.compile(scoreGraph());
      const resident = await backend.upload(x);
      resident.dispose();
      await expect(exe.run({ x: resident, w })).rejects.toThrow(InvalidInputValueError);
      const foreign: DeviceTensor = {
        kind: 'device',
        backend: 'ort',
        dtype: 'float32',
        shape: [2, 3],
        disposed: false,
        read: async () => x,
        dispose: () => undefined,
      };
      await expect(exe.run({ x: foreign, w })).rejects.toThrow(/device tensor of backend 'ort'/);
      await expect(exe.run({ x, w }, { keepOnDevice: ['nope'] })).rejects.toThrow(InvalidArgumentError);
      await exe.dispose();
    });
  });

  it('reports an out-of-range Gather index as InvalidInputValueError, like the reference interpreter', async () => {
    const b = new GraphBuilder();
    const graph = b.build({ y: b.gather(b.input('x', 'float32', [3]), b.input('i', 'int32', [2]), 0) });
    const exe = await backend.compile(graph);
    const before = tf.memory().numTensors;
    const feeds = { x: Tensor.float32([1, 2, 3], [3]), i: Tensor.int32([0, 5], [2]) };
    expect(() => evaluate(graph, feeds)).toThrow(InvalidInputValueError);
    await expect(exe.run(feeds)).rejects.toThrow(InvalidInputValueError);
    expect(tf.memory().numTensors).toBe(before);
    await exe.dispose();
  });

  it('keeps requested outputs on the device, feeds them back, and never consumes fed device tensors', async () => {
    const b = new GraphBuilder();
    const state = b.input('state', 'float32', [2]);
    const x = b.input('x', 'float32', [2]);
    const graph = b.build({ next: b.add(b.mul(state, 0.5), x), same: state, twice: b.scalar(3) });
    const exe = await backend.compile(graph);
    let resident: DeviceTensor = await backend.upload(Tensor.float32([4, 8], [2]));
    const out = await exe.run(
      { state: resident, x: Tensor.float32([1, 1], [2]) },
      { keepOnDevice: ['next', 'twice'] },
    );
    expect(isDeviceTensor(out.next)).toBe(true);
    expect(out.same).toBeInstanceOf(Tensor);
    // 'same' aliases the fed device tensor; reading it must not have disposed the caller's tensor.
    expect(resident.disposed).toBe(false);
    expect(Array.from((await resident.read()).data)).toEqual([4, 8]);
    expect(Array.from((out.same as Tensor).data)).toEqual([4, 8]);
    resident.dispose();
    resident = out.next as DeviceTensor;
    expect(Array.from((await resident.read()).data)).toEqual([3, 5]);
    const again = await exe.run({ state: resident, x: Tensor.float32([0, 0], [2]) });
    expect(Array.from(again.next!.data)).toEqual([1.5, 2.5]);
    // A constant output kept on the device is a copy: disposing it leaves the executable working.
    (out.twice as DeviceTensor).dispose();
    expect(
      Array.from((await exe.run({ state: resident, x: Tensor.float32([0, 0], [2]) })).twice!.data),
    ).toEqual([3]);
    resident.dispose();
    await exe.dispose();
  });

  it('frees its constants on dispose, and refuses to run afterwards', async () => {
    const before = tf.memory().numTensors;
    const exe = await backend.compile(scoreGraph());
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    await exe.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(exe.run({})).rejects.toThrow(DisposedError);
  });

  it('disposes its executables when the backend is disposed', async () => {
    const own = await createBackend({ backend: 'tfjs', device });
    const exe = await own.compile(scoreGraph());
    await own.dispose();
    await expect(exe.run({})).rejects.toThrow(DisposedError);
    await expect(own.compile(scoreGraph())).rejects.toThrow(DisposedError);
  });
});
