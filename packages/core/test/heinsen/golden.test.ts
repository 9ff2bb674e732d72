import { describe, expect, it } from 'vitest';
import {
  type FormRun,
  heinsenAttention,
  heinsenLogMechanism,
  ReferenceBackend,
  runChunked,
  runParallel,
  runRecurrent,
  Tensor,
} from '../../src/index.js';
import { type HeinsenGolden, loadHeinsenGoldens } from './golden-files.js';
import { firstMismatch } from './naive-oracle.js';

// Tolerance from shared/golden/heinsen/README.md for float64 implementations; -inf must match exactly.
const REL = 1e-9;
const backend = new ReferenceBackend();
const goldens = loadHeinsenGoldens();

function inputsOf(g: HeinsenGolden) {
  return { q: g.arrays.get('Q')!, k: g.arrays.get('K')!, v: g.arrays.get('log_V')! };
}

function expectClose(actual: Tensor, expected: Tensor) {
  expect(actual.size).toBe(expected.size);
  expect(firstMismatch(actual.data, expected.data, REL)).toBeUndefined();
}

/** Golden final states are [b, h, 1, d_k, d_v] and [b, h, 1, d_k, 1]: same order as ours. */
function expectFinalState(run: FormRun, g: HeinsenGolden) {
  expectClose(run.state!.logHS!, g.arrays.get('final_state.log_H_S')!);
  expectClose(run.state!.logHZ!, g.arrays.get('final_state.log_H_Z')!);
}

it('finds all seven golden cases', () => {
  expect(goldens.map((g) => g.name.slice(0, 2))).toEqual(['01', '02', '03', '04', '05', '06', '07']);
});

describe.each(goldens.map((g) => [g.name, g] as const))('golden %s', (_name, g) => {
  it('parallel matches log_attention and the final state', async () => {
    const run = await runParallel(backend, heinsenLogMechanism, inputsOf(g), { causal: g.causal });
    expectClose(run.out, g.arrays.get('log_attention')!);
    if (g.causal) expectFinalState(run, g);
  });

  it.runIf(g.causal).each([1, 3, 5, 64])('chunked (C = %i) matches', async (chunkSize) => {
    const run = await runChunked(backend, heinsenLogMechanism, inputsOf(g), { chunkSize });
    expectClose(run.out, g.arrays.get('log_attention')!);
    expectFinalState(run, g);
  });

  it.runIf(g.causal)('recurrent token by token matches', async () => {
    const run = await runRecurrent(backend, heinsenLogMechanism, inputsOf(g));
    expectClose(run.out, g.arrays.get('log_attention')!);
    expectFinalState(run, g);
  });

  it('the real-valued mechanism fed V = exp(log V) gives exp(log_attention)', async () => {
    const x = inputsOf(g);
    const v = Tensor.float64(x.v.data.map(Math.exp), [...x.v.shape]);
    const expected = g.arrays.get('log_attention')!.data.map(Math.exp);
    const run = g.causal
      ? await runChunked(backend, heinsenAttention, { ...x, v }, { chunkSize: 5 })
      : await runParallel(backend, heinsenAttention, { ...x, v }, { causal: false });
    expect(firstMismatch(run.out.data, expected, REL)).toBeUndefined();
  });
});

it('case 06 really has -inf outputs (row 0 and column 1), so exact -inf matching is exercised', () => {
  const g = goldens.find((x) => x.name.startsWith('06'))!;
  const out = g.arrays.get('log_attention')!.data;
  expect(Array.from(out).filter((x) => x === Number.NEGATIVE_INFINITY).length).toBeGreaterThanOrEqual(3 + 6);
});
