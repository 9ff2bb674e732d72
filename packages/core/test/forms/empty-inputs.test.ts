import { describe, expect, it } from 'vitest';
import {
  type AnyMechanism,
  buildParallelGraph,
  getMechanism,
  type HostAttentionInputs,
  heinsenLogMechanism,
  mechanismNames,
  ReferenceBackend,
  runChunked,
  runParallel,
  runRecurrent,
  ShapeError,
  Tensor,
} from '../../src/index.js';

const backend = new ReferenceBackend();
const mechanisms: AnyMechanism[] = [...mechanismNames().map(getMechanism), heinsenLogMechanism];
const zeros = (shape: number[]) =>
  Tensor.float32(new Array(shape.reduce((a, b) => a * b, 1)).fill(0.5), shape);

function inputs(m: AnyMechanism, n: number, dk = 2): Record<string, Tensor> & HostAttentionInputs {
  const x: Record<string, Tensor> = {
    q: zeros([1, 1, n, dk]),
    k: zeros([1, 1, n, dk]),
    v: zeros([1, 1, n, 2]),
  };
  if (m.usesGate) x.gate = zeros([1, 1, n, 1]);
  return x as Record<string, Tensor> & HostAttentionInputs;
}

async function expectEmptyError(run: () => Promise<unknown>, input: string): Promise<void> {
  const err = await run().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ShapeError);
  expect((err as Error).message).toMatch(new RegExp(`'${input}' is empty \\(shape \\[`));
}

describe.each(mechanisms.map((m) => [m.name, m] as const))(
  '%s: empty inputs are one ShapeError naming the input',
  (_, m) => {
    it('n = 0 in every form', async () => {
      const x = inputs(m, 0);
      await expectEmptyError(() => runParallel(backend, m, x, { causal: true }), 'q');
      await expectEmptyError(() => runParallel(backend, m, x, { causal: false }), 'q');
      await expectEmptyError(() => runChunked(backend, m, x, { chunkSize: 2 }), 'q');
      await expectEmptyError(() => runRecurrent(backend, m, x, {}), 'q');
    });

    it('a graph built with a 0 dim, and a symbolic length fed 0 tokens', async () => {
      const dims = { batch: 1, heads: 1, seqQ: 3, seqK: 0, dk: 2, dv: 2 };
      expect(() => buildParallelGraph(m, dims, { causal: false })).toThrow(/input 'k' is empty/);
      expect(() => buildParallelGraph(m, { ...dims, seqK: 3, dv: 0 }, { causal: false })).toThrow(
        /input 'v' is empty/,
      );
      const graph = buildParallelGraph(m, { ...dims, seqQ: 'seq', seqK: 'seq' }, { causal: false });
      const exe = await backend.compile(graph);
      await expectEmptyError(() => exe.run(inputs(m, 0)), 'q');
    });
  },
);
