import { describe, expect, it } from 'vitest';
import {
  type Backend,
  buildChunkedGraph,
  buildParallelGraph,
  buildStepGraph,
  type DeviceTensor,
  getMechanism,
  InvalidArgumentError,
  isDeviceTensor,
  ReferenceBackend,
  runChunked,
  runParallel,
  runRecurrent,
  stackTokens,
  Tensor,
  tokenAt,
} from '../../src/index.js';
import { expectClose, rng, uniform } from '../interpreter/oracle.js';
import { expectError } from '../ir/expect-error.js';
import { toyMechanism, toyOracle } from './toy-mechanism.js';

const [B, H, N, DK, DV] = [2, 3, 7, 4, 5];

function inputs(seed: number, n = N) {
  const random = rng(seed);
  return {
    q: Tensor.float64(uniform(random, B * H * n * DK, -1, 1), [B, H, n, DK]),
    k: Tensor.float64(uniform(random, B * H * n * DK, -1, 1), [B, H, n, DK]),
    v: Tensor.float64(uniform(random, B * H * n * DV, -1, 1), [B, H, n, DV]),
  };
}

/** The reference backend, recording every device tensor it hands out. */
function trackingBackend(): { backend: Backend; handedOut: DeviceTensor[] } {
  const inner = new ReferenceBackend();
  const handedOut: DeviceTensor[] = [];
  const backend: Backend = {
    name: inner.name,
    device: inner.device,
    upload: (t) => inner.upload(t),
    dispose: () => inner.dispose(),
    async compile(graph) {
      const exe = await inner.compile(graph);
      return {
        graph,
        dispose: () => exe.dispose(),
        // biome-ignore lint/suspicious/noExplicitAny: forwards both run overloads unchanged.
        run: (async (feeds: any, options?: any) => {
          const out = await exe.run(feeds, options ?? {});
          for (const t of Object.values(out)) if (isDeviceTensor(t)) handedOut.push(t);
          return out;
        }) as typeof exe.run,
      };
    },
  };
  return { backend, handedOut };
}

describe('form graphs', () => {
  it('declare q, k, v and past./present. state with the mechanism dims', () => {
    const step = buildStepGraph(toyMechanism, { batch: 'batch', heads: H, dk: DK, dv: DV });
    expect(step.inputs.map((i) => i.name)).toEqual(['q', 'k', 'v', 'past.S']);
    expect(step.outputs.map((o) => o.name)).toEqual(['out', 'present.S']);
    expect(step.values[step.inputs[3]!.value]!.shape).toEqual(['batch', H, DK, DV]);
    const dims = { batch: 1, heads: 1, seqQ: 'seq', seqK: 'seq', dk: DK, dv: DV };
    const parallel = buildParallelGraph(toyMechanism, dims, { causal: true, withState: true });
    expect(parallel.outputs.map((o) => o.name)).toEqual(['out', 'present.S']);
    expect(buildParallelGraph(toyMechanism, dims, { causal: true }).outputs.map((o) => o.name)).toEqual([
      'out',
    ]);
  });

  it('reject causal n_q != n_k and a bad chunk size', () => {
    const dims = { batch: 1, heads: 1, seqQ: 3, seqK: 4, dk: DK, dv: DV };
    expectError(() => buildParallelGraph(toyMechanism, dims, { causal: true }), InvalidArgumentError, [
      'toy-linear',
      '3',
      '4',
    ]);
    expect(() => buildParallelGraph(toyMechanism, dims, { causal: false })).not.toThrow();
    for (const chunkSize of [0, 1.5]) {
      expectError(
        () => buildChunkedGraph(toyMechanism, { ...dims, seqQ: 4 }, { chunkSize }),
        InvalidArgumentError,
        ['chunkSize'],
      );
    }
  });

  it('tokenAt and stackTokens round-trip and keep the storage type', () => {
    const { q } = inputs(1);
    const tokens = Array.from({ length: N }, (_, t) => tokenAt(q, t));
    expect(tokens[2]!.shape).toEqual([B, H, 1, DK]);
    expect(tokens[2]!.data).toBeInstanceOf(Float64Array);
    expect(tokens[2]!.data[DK + 1]).toBe(q.data[(1 * N + 2) * DK + 1]);
    const stacked = stackTokens(tokens);
    expect(stacked.shape).toEqual(q.shape);
    expect(stacked.toArray()).toEqual(q.toArray());
    expect(tokenAt(q.toFloat32(), 0).data).toBeInstanceOf(Float32Array);
  });
});

describe('running forms on the reference backend', () => {
  const backend = new ReferenceBackend();
  const scale = 0.5;
  // Named objects: the run helpers type options as `object & {...}`, which rejects extra keys in literals.
  const causal = { causal: true, scale };
  const chunked = { chunkSize: 3, scale };

  it('parallel, chunked and recurrent all equal the direct loops, state included', async () => {
    const x = inputs(2);
    const expected = toyOracle(x.q, x.k, x.v, scale);
    const runs = [
      await runParallel(backend, toyMechanism, x, causal),
      await runChunked(backend, toyMechanism, x, chunked),
      await runRecurrent(backend, toyMechanism, x, { scale }),
    ];
    for (const run of runs) {
      expect(run.out.shape).toEqual([B, H, N, DV]);
      expectClose(run.out.data, expected.out, { rtol: 1e-13, atol: 1e-13 });
      expectClose(run.state!.S!.data, expected.S, { rtol: 1e-13, atol: 1e-13 });
    }
    const nonCausalOptions = { causal: false, scale };
    const nonCausal = await runParallel(backend, toyMechanism, x, nonCausalOptions);
    expect(nonCausal.state).toBeUndefined();
  });

  it('recurrent decoding continues from a parallel prefix state', async () => {
    const x = inputs(3);
    const cut = 4;
    const part = (t: Tensor, from: number, to: number) =>
      stackTokens(Array.from({ length: to - from }, (_, i) => tokenAt(t, from + i)));
    const prefix = { q: part(x.q, 0, cut), k: part(x.k, 0, cut), v: part(x.v, 0, cut) };
    const rest = { q: part(x.q, cut, N), k: part(x.k, cut, N), v: part(x.v, cut, N) };
    const first = await runParallel(backend, toyMechanism, prefix, causal);
    const second = await runRecurrent(backend, toyMechanism, rest, { scale }, first.state);
    const expected = new Tensor('float32', [B, H, N, DV], toyOracle(x.q, x.k, x.v, scale).out);
    expect(second.out.shape).toEqual([B, H, N - cut, DV]);
    expectClose(second.out.data, part(expected, cut, N).data, { rtol: 1e-13, atol: 1e-13 });
    expectClose(second.state!.S!.data, toyOracle(x.q, x.k, x.v, scale).S, { rtol: 1e-13, atol: 1e-13 });
  });

  it('recurrent decoding disposes every state tensor it kept on the device', async () => {
    const { backend: tracking, handedOut } = trackingBackend();
    await runRecurrent(tracking, toyMechanism, inputs(4), { scale });
    expect(handedOut).toHaveLength(N);
    expect(handedOut.every((t) => t.disposed)).toBe(true);
  });

  it('looks mechanisms up by name and names the known ones when it cannot', () => {
    expectError(() => getMechanism('no-such-mechanism'), InvalidArgumentError, ["'no-such-mechanism'"]);
  });
});
