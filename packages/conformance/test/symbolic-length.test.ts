import {
  type AnyMechanism,
  type Backend,
  buildChunkedGraph,
  buildParallelGraph,
  createBackend,
  type Graph,
  getMechanism,
  mechanismNames,
  ReferenceBackend,
  registeredBackends,
  type SequenceDims,
  Tensor,
} from '@constant-attention/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBackendPackages } from '../src/backends/load-backend-packages.js';
import { NODE_ENVS, selectEnvs } from '../src/suite/all-envs.js';

/**
 * One graph per form built over a symbolic length 'seq', run at several lengths on every CPU env, against
 * the float64 reference interpreter running the causal (or non-causal) parallel form built for that
 * concrete length: a different graph, so the in-graph chunk padding is checked, not reused.
 */
const [B, H, DK, DV, CHUNK, PAST] = [1, 2, 3, 4, 4, 5];
// One token, a part chunk, whole chunks, several chunks with a part one; 70 crosses heinsen's causal
// parallel chunk of 64 over a symbolic length.
const LENGTHS = [1, 3, 8, 13, 70];
const oracle = new ReferenceBackend();

function randomTensor(shape: number[], seed: number): Tensor {
  let s = seed >>> 0;
  const size = shape.reduce((a, b) => a * b, 1);
  const data = Array.from({ length: size }, () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return (s / 2 ** 32) * 4 - 2;
  });
  return Tensor.float64(data, shape);
}

function attentionFeeds(m: AnyMechanism, n: number, seed: number): Record<string, Tensor> {
  const feeds: Record<string, Tensor> = {
    q: randomTensor([B, H, n, DK], seed),
    k: randomTensor([B, H, n, DK], seed + 1),
    v: randomTensor([B, H, n, DV], seed + 2),
  };
  if (m.usesGate) feeds.gate = randomTensor([B, H, n, 1], seed + 3);
  return feeds;
}

const dims = (seq: number | string): SequenceDims => ({
  batch: B,
  heads: H,
  seqQ: seq,
  seqK: seq,
  dk: DK,
  dv: DV,
});

interface FormCase {
  readonly name: string;
  readonly fromState: boolean;
  /** The graph under test over `seq` (a symbol), and the oracle's graph at a concrete length. */
  build(m: AnyMechanism, seq: number | string): Graph;
  oracle(m: AnyMechanism, n: number): Graph;
}

const causalParallel = (m: AnyMechanism, n: number | string, fromState: boolean) =>
  buildParallelGraph(m, dims(n), { causal: true, withState: true, fromState });

/** The oracle continuing from a state: the causal parallel form where it can, else the concrete chunked one. */
const oracleFromState = (m: AnyMechanism, n: number) =>
  m.parallelContinuesFromState
    ? causalParallel(m, n, true)
    : buildChunkedGraph(m, dims(n), { chunkSize: CHUNK, withState: true, fromState: true });

const FORM_CASES: readonly FormCase[] = [
  {
    name: 'non-causal parallel',
    fromState: false,
    build: (m, seq) => buildParallelGraph(m, dims(seq), { causal: false }),
    oracle: (m, n) => buildParallelGraph(m, dims(n), { causal: false }),
  },
  {
    name: 'causal parallel',
    fromState: false,
    build: (m, seq) => causalParallel(m, seq, false),
    oracle: (m, n) => causalParallel(m, n, false),
  },
  {
    name: 'causal parallel from state',
    fromState: true,
    build: (m, seq) => causalParallel(m, seq, true),
    oracle: (m, n) => causalParallel(m, n, true),
  },
  {
    name: 'chunked',
    fromState: false,
    build: (m, seq) => buildChunkedGraph(m, dims(seq), { chunkSize: CHUNK, withState: true }),
    oracle: (m, n) => causalParallel(m, n, false),
  },
  {
    name: 'chunked from state',
    fromState: true,
    build: (m, seq) =>
      buildChunkedGraph(m, dims(seq), { chunkSize: CHUNK, withState: true, fromState: true }),
    oracle: oracleFromState,
  },
];

function appliesTo(m: AnyMechanism, c: FormCase): boolean {
  if (!c.fromState) return true;
  return c.name.startsWith('chunked') ? m.continuesFromState === true : m.parallelContinuesFromState === true;
}

async function runGraph(backend: Backend, graph: Graph, feeds: Record<string, Tensor>) {
  const exe = await backend.compile(graph);
  try {
    return await exe.run(feeds);
  } finally {
    await exe.dispose();
  }
}

/** The state PAST earlier tokens leave, as `past.<name>` feeds. */
async function pastFeeds(m: AnyMechanism): Promise<Record<string, Tensor>> {
  const out = await runGraph(oracle, causalParallel(m, PAST, false), attentionFeeds(m, PAST, 99));
  const feeds: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(out))
    if (name.startsWith('present.')) feeds[`past.${name.slice('present.'.length)}`] = t;
  return feeds;
}

function expectClose(got: Tensor, want: Tensor, tolerance: number, label: string): void {
  expect(got.shape, label).toEqual(want.shape);
  let scale = 1;
  for (const x of want.data) scale = Math.max(scale, Math.abs(x));
  let worst = 0;
  for (let i = 0; i < want.size; i++) worst = Math.max(worst, Math.abs(got.data[i]! - want.data[i]!));
  expect(worst / scale, label).toBeLessThan(tolerance);
}

await loadBackendPackages();
const envs = selectEnvs(process.env.CA_ENVS, NODE_ENVS).filter(
  (e) => e.device === 'cpu' && registeredBackends().some((r) => r.name === e.backend),
);

for (const env of envs) {
  describe(`a symbolic sequence length on ${env.label}`, () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await createBackend({ backend: env.backend, device: env.device });
    });
    afterAll(async () => {
      await backend?.dispose?.();
    });
    // float64 on the reference; float32 elsewhere, relative to the largest output entry.
    const tolerance = env.backend === 'reference' ? 1e-9 : 2e-4;

    for (const name of mechanismNames()) {
      const m = getMechanism(name);
      for (const c of FORM_CASES.filter((f) => appliesTo(m, f))) {
        it(`${name} ${c.name}: one graph over 'seq' matches the float64 oracle at n = ${LENGTHS.join(', ')}`, async () => {
          const graph = c.build(m, 'seq');
          const past = c.fromState ? await pastFeeds(m) : {};
          const exe = await backend.compile(graph);
          try {
            for (const n of LENGTHS) {
              const feeds = { ...attentionFeeds(m, n, 7 * n), ...past };
              const want = await runGraph(oracle, c.oracle(m, n), feeds);
              const got = await exe.run(feeds);
              for (const [output, t] of Object.entries(want))
                expectClose(got[output]!, t, tolerance, `${name} ${c.name} n=${n} ${output}`);
            }
          } finally {
            await exe.dispose();
          }
        });
      }
    }
  });
}
