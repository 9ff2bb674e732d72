import { evaluate, type Graph, getMechanism, mechanismNames, type Tensor } from '@constant-attention/core';
import { describe, it } from 'vitest';
import { buildExportGraph } from '../src/cli/export-command.js';
import { exportOnnx, type OrtBackend } from '../src/index.js';
import { ortBackend, type TestDevice } from './support/backends.js';
import { expectClose } from './support/compare.js';
import { randomFloat, seededRandom } from './support/random.js';

/**
 * Every mechanism's forms, built exactly as the onnx-export CLI builds them, exported to ONNX bytes,
 * loaded into a fresh session and compared with the float64 interpreter on the same graph.
 */
const MECHANISMS = mechanismNames().filter((name) => !getMechanism(name).usesGate);
const [BATCH, HEADS, SEQ, DK, DV] = [1, 2, 7, 4, 3];
const DIMS = ['--heads', String(HEADS), '--dk', String(DK), '--dv', String(DV)];

/** A chunked layer of `name` whose length is not a multiple of its chunk (3). */
const chunkedExport = (name: string) =>
  buildExportGraph([name, '--form', 'chunked', '--seq', String(SEQ), '--chunk', '3', ...DIMS, '--out', 'x']);
const TOL = { rtol: 1e-3, atol: 1e-4 };

function randomFeeds(graph: Graph, seed: number, given: Record<string, Tensor> = {}): Record<string, Tensor> {
  const rand = seededRandom(seed);
  const feeds: Record<string, Tensor> = { ...given };
  for (const input of graph.inputs) {
    if (given[input.name]) continue;
    const shape = graph.values[input.value]!.shape.map((d) =>
      d === 'batch' ? BATCH : d === 'seq' ? SEQ : d,
    );
    feeds[input.name] = randomFloat(rand, shape as number[], { scale: 1.5 });
  }
  return feeds;
}

async function expectFormMatches(
  device: TestDevice,
  graph: Graph,
  feeds: Record<string, Tensor>,
): Promise<void> {
  const backend = (await ortBackend(device)) as OrtBackend;
  const exe = await backend.loadModel(exportOnnx(graph), graph);
  try {
    const actual = await exe.run(feeds);
    const expected = evaluate(graph, feeds);
    for (const name of Object.keys(expected)) expectClose(actual[name]!, expected[name]!, TOL, name);
  } finally {
    await exe.dispose();
  }
}

describe.each(MECHANISMS)('mechanism %s exported to ONNX matches the interpreter on ort cpu', (name) => {
  it('parallel, non-causal and causal', async () => {
    for (const causal of [[], ['--causal']]) {
      const { graph } = buildExportGraph([
        name,
        '--form',
        'parallel',
        '--seq',
        String(SEQ),
        ...DIMS,
        ...causal,
        '--out',
        'x',
      ]);
      await expectFormMatches('cpu', graph, randomFeeds(graph, 11));
    }
  });

  it('chunked (seq not a multiple of the chunk)', async () => {
    const { graph } = chunkedExport(name);
    await expectFormMatches('cpu', graph, randomFeeds(graph, 12));
  });

  it('step, three tokens feeding present.* back as past_key_values.*', async () => {
    const { graph } = buildExportGraph([name, '--form', 'recurrent', ...DIMS, '--out', 'x']);
    // Start from the state a chunked prefix leaves (frozen-scale mechanisms cannot start empty).
    const prefix = buildExportGraph([
      name,
      '--form',
      'chunked',
      '--seq',
      '5',
      '--chunk',
      '2',
      ...DIMS,
      '--out',
      'x',
    ]);
    const prefixOut = evaluate(prefix.graph, randomFeeds(prefix.graph, 19));
    let state: Record<string, Tensor> = {};
    for (const [key, value] of Object.entries(prefixOut)) {
      if (key.startsWith('present.0.')) state[`past_key_values.0.${key.slice('present.0.'.length)}`] = value;
    }
    for (let t = 0; t < 3; t++) {
      const feeds = randomFeeds(graph, 20 + t, state);
      await expectFormMatches('cpu', graph, feeds);
      const next = evaluate(graph, feeds);
      state = {};
      for (const [key, value] of Object.entries(next)) {
        if (key.startsWith('present.0.'))
          state[`past_key_values.0.${key.slice('present.0.'.length)}`] = value;
      }
    }
  });
});

describe('mechanism forms on ort wasm', () => {
  it.each(['heinsen', 'lln'])('%s chunked', async (name) => {
    const { graph } = chunkedExport(name);
    await expectFormMatches('wasm', graph, randomFeeds(graph, 13));
  });
});
