import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  BackendFailureError,
  BackendUnavailableError,
  createBackend,
  DisposedError,
  DTypeError,
  FeedError,
  GraphBuilder,
  InvalidArgumentError,
  InvalidInputValueError,
  MalformedModelError,
  NAN_PROBE_MIN_ELEMENTS,
  RankError,
  ReferenceBackend,
  ShapeError,
  Tensor,
} from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { exportOnnx, type OrtBackend } from '../src/index.js';
import { ortBackend, TEST_DEVICES } from './support/backends.js';

function smallGraph() {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', ['batch', 3]);
  const i = b.input('i', 'int32', [2]);
  return b.build({ y: b.gather(b.mul(x, 2), i, 1) });
}

const goodFeeds = () => ({ x: Tensor.float32([1, 2, 3, 4, 5, 6], [2, 3]), i: Tensor.int32([2, 0], [2]) });

describe.each(TEST_DEVICES)('bad input on ort %s gets typed errors', (device) => {
  it('validates feeds before touching the runtime', async () => {
    const exe = await (await ortBackend(device)).compile(smallGraph());
    const x = Tensor.float32([1, 2, 3], [1, 3]);
    const i = Tensor.int32([0, 1], [2]);
    await expect(exe.run({ x, i, z: x })).rejects.toThrow(FeedError);
    await expect(exe.run({ x })).rejects.toMatchObject({ code: 'MISSING_FEED' });
    await expect(exe.run({ x: Tensor.int32([1, 2, 3], [1, 3]), i })).rejects.toThrow(DTypeError);
    await expect(exe.run({ x: Tensor.float32([1, 2, 3, 4], [1, 4]), i })).rejects.toThrow(ShapeError);
    await expect(exe.run({ x: Tensor.float32([1, 2, 3], [3]), i })).rejects.toThrow(RankError);
    const nan = { x: Tensor.float32([1, Number.NaN, 3], [1, 3]), i };
    await expect(exe.run(nan)).rejects.toThrow(InvalidInputValueError);
    await expect(exe.run(nan)).rejects.toThrow(/feed 'x' contains NaN/);
    await expect(exe.run({ x, i }, { keepOnDevice: ['nope'] })).rejects.toThrow(InvalidArgumentError);
    const ok = await exe.run({ x, i });
    expect(Array.from(ok.y!.data)).toEqual([2, 4]);
    await exe.dispose();
    await expect(exe.run({ x, i })).rejects.toThrow(DisposedError);
  });

  it('finds a NaN in a large feed from its in-graph sum, and lets +inf with -inf through', async () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2, NAN_PROBE_MIN_ELEMENTS]);
    const exe = await (await ortBackend(device)).compile(b.build({ y: b.mul(x, 2) }));
    const data = new Float32Array(2 * NAN_PROBE_MIN_ELEMENTS).fill(0.5);
    data[70001] = Number.NaN;
    data[90000] = Number.NaN;
    const nan = { x: Tensor.float32(data, [2, NAN_PROBE_MIN_ELEMENTS]) };
    await expect(exe.run(nan)).rejects.toThrow(InvalidInputValueError);
    await expect(exe.run(nan)).rejects.toThrow("feed 'x' contains NaN (first at flat index 70001)");
    data[70001] = Number.POSITIVE_INFINITY;
    data[90000] = Number.NEGATIVE_INFINITY;
    const y = (await exe.run(nan)).y!.data;
    expect([y[0], y[70001], y[90000]]).toEqual([1, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    await exe.dispose();
  });

  it('wraps a runtime failure in BackendFailureError with the cause', async () => {
    const exe = await (await ortBackend(device)).compile(smallGraph());
    // Passes validation (shapes and dtypes are right) but the index is out of range for ORT's Gather.
    const err = await exe
      .run({ x: Tensor.float32([1, 2, 3], [1, 3]), i: Tensor.int32([0, 7], [2]) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendFailureError);
    expect((err as BackendFailureError).cause).toBeDefined();
    await exe.dispose();
  });

  it('corrupt model bytes are a MalformedModelError', async () => {
    const backend = (await ortBackend(device)) as OrtBackend;
    const bytes = exportOnnx(smallGraph());
    await expect(backend.loadModel(bytes.slice(0, bytes.length - 7), smallGraph())).rejects.toThrow(
      MalformedModelError,
    );
    await expect(backend.loadModel(new Uint8Array([0xff, 0xff, 0xff, 0x01]), smallGraph())).rejects.toThrow(
      MalformedModelError,
    );
    // Well-formed bytes whose inputs differ from the graph's are malformed for that graph.
    const other = new GraphBuilder();
    const otherGraph = other.build({ y: other.neg(other.input('q', 'float32', [1])) });
    await expect(backend.loadModel(bytes, otherGraph)).rejects.toThrow(/inputs \[x, i\] do not match/);
  });

  it('a model whose inputs or outputs differ in dtype, rank or a fixed dim is a MalformedModelError naming it', async () => {
    const backend = (await ortBackend(device)) as OrtBackend;
    const bytes = exportOnnx(smallGraph());
    const described = (x: [string, (string | number)[]], i: [string, number[]]) => {
      const b = new GraphBuilder();
      const xv = b.input('x', x[0] as 'float32', x[1]);
      const iv = b.input('i', i[0] as 'int32', i[1]);
      return b.build({ y: b.gather(b.mul(xv, 2), iv, 1) });
    };
    const cases: [ReturnType<typeof described>, RegExp][] = [
      [
        described(['float32', ['batch', 4]], ['int32', [2]]),
        /input 'x' is float32 \[batch, 3\], the graph says float32 \[batch, 4\]/,
      ],
      [
        described(['float32', ['batch', 3]], ['int32', [3]]),
        /input 'i' is int32 \[2\], the graph says int32 \[3\]/,
      ],
      [described(['float32', ['batch', 3, 1]], ['int32', [2]]), /input 'x' is float32 \[batch, 3\]/],
      [
        described(['int32', ['batch', 3]], ['int32', [2]]),
        /input 'x' is float32 \[batch, 3\], the graph says int32/,
      ],
    ];
    for (const [graph, message] of cases) {
      await expect(backend.loadModel(bytes, graph)).rejects.toThrow(MalformedModelError);
      await expect(backend.loadModel(bytes, graph)).rejects.toThrow(message);
    }
    // Symbolic dims on either side match: the graph may name a fixed size where the model has 'batch'.
    const exe = await backend.loadModel(bytes, described(['float32', [2, 3]], ['int32', [2]]));
    await exe.dispose();
  });

  it('rejects device tensors of another backend', async () => {
    const exe = await (await ortBackend(device)).compile(smallGraph());
    const foreign = await new ReferenceBackend().upload(Tensor.float32([1, 2, 3], [1, 3]));
    await expect(exe.run({ x: foreign, i: Tensor.int32([0, 1], [2]) })).rejects.toThrow(InvalidArgumentError);
    await exe.dispose();
  });
});

describe('devices and options', () => {
  it('webgpu in Node is a clear BackendUnavailableError', async () => {
    await expect(createBackend({ backend: 'ort', device: 'webgpu' })).rejects.toThrow(
      BackendUnavailableError,
    );
    await expect(createBackend({ backend: 'ort', device: 'webgpu' })).rejects.toThrow(/only in a browser/);
  });

  const binding = dirname(createRequire(import.meta.url).resolve('onnxruntime-node'));
  const cudaLibrary = join(
    binding,
    '..',
    'bin',
    'napi-v6',
    'linux',
    'x64',
    'libonnxruntime_providers_cuda.so',
  );
  it.skipIf(existsSync(cudaLibrary))(
    'cuda without the CUDA execution provider is a BackendUnavailableError, not a silent CPU run',
    async () => {
      const err = await createBackend({ backend: 'ort', device: 'cuda' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BackendUnavailableError);
      expect(String((err as Error).message)).toMatch(/device 'cuda' is not available/);
    },
  );

  it('rejects unknown or invalid options and devices', async () => {
    await expect(createBackend({ backend: 'ort', options: { thread: 2 } })).rejects.toThrow(
      /unknown option 'thread'/,
    );
    await expect(createBackend({ backend: 'ort', options: { threads: 0 } })).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(
      createBackend({ backend: 'ort', options: { graphOptimizationLevel: 'max' } }),
    ).rejects.toThrow(InvalidArgumentError);
    await expect(
      createBackend({ backend: 'ort', options: { opset: 16 } }).then((b) => b.compile(smallGraph())),
    ).rejects.toThrow(/opset must be/);
    await expect(createBackend({ backend: 'ort', device: 'tpu' })).rejects.toThrow(BackendUnavailableError);
  });

  it('honours threads and graph optimization level', async () => {
    const backend = await createBackend({
      backend: 'ort',
      device: 'cpu',
      options: { threads: 2, interOpThreads: 1, graphOptimizationLevel: 'disabled' },
    });
    const exe = await backend.compile(smallGraph());
    const out = await exe.run(goodFeeds());
    expect(Array.from(out.y!.data)).toEqual([6, 2, 12, 8]);
    await backend.dispose();
    await expect(exe.run(goodFeeds())).rejects.toThrow(DisposedError);
    await expect(backend.compile(smallGraph())).rejects.toThrow(DisposedError);
  });
});
