import {
  type Backend,
  buildParallelGraph,
  type FormName,
  heinsenLogMechanism,
  runChunked,
  runRecurrent,
  STATE_OUT_PREFIX,
  Tensor,
} from '@constant-attention/core';
import { type Comparison, type GoldenCase, type GoldenCaseRunner, requireArray } from '../golden-case.js';
import { formsByCausality, readCausalForForm } from './golden-header.js';
import { heinsenTolerance } from './heinsen-tolerance.js';
import { readQkv } from './read-qkv.js';

/** 3 divides none of the causal cases' lengths (7, 64, 16), so the padded last chunk is exercised. */
const CHUNK_SIZE = 3;

/** Parallel through the generic graph builder, asking for the state even when non-causal. */
async function runParallelWithState(
  backend: Backend,
  inputs: { q: Tensor; k: Tensor; v: Tensor },
  causal: boolean,
): Promise<{ out: Tensor; state: Record<string, Tensor> }> {
  const [batch, heads, seqQ, dk] = inputs.q.shape as [number, number, number, number];
  const dims = { batch, heads, seqQ, seqK: inputs.k.shape[2]!, dk, dv: inputs.v.shape[3]! };
  const exe = await backend.compile(
    buildParallelGraph(heinsenLogMechanism, dims, { causal, withState: true }),
  );
  try {
    const out = await exe.run(inputs);
    const state: Record<string, Tensor> = {};
    for (const [name, t] of Object.entries(out))
      if (name.startsWith(STATE_OUT_PREFIX)) state[name.slice(STATE_OUT_PREFIX.length)] = t;
    return { out: out.out!, state };
  } finally {
    await exe.dispose();
  }
}

/**
 * Heinsen log-space attention (Heinsen 2024), format 'heinsen-log-attention-golden/1': inputs Q, K,
 * log V; output log o, and the final state (log H_S, log H_Z; golden shapes [b, h, 1, d_k, d_v] and
 * [b, h, 1, d_k, 1], ours [b, h, d_k, d_v] and [b, h, d_k] in the same order).
 */
export const heinsenGoldenRunner: GoldenCaseRunner = {
  format: 'heinsen-log-attention-golden/1',
  mechanism: heinsenLogMechanism.name,

  forms: formsByCausality,

  async run(backend: Backend, form: FormName, golden: GoldenCase, precision): Promise<readonly Comparison[]> {
    const inputs = readQkv(golden, precision, { q: 'inputs.Q', k: 'inputs.K', v: 'inputs.log_V' });
    const causal = readCausalForForm(golden, form);
    const result =
      form === 'parallel'
        ? await runParallelWithState(backend, inputs, causal)
        : form === 'chunked'
          ? await runChunked(backend, heinsenLogMechanism, inputs, { chunkSize: CHUNK_SIZE })
          : await runRecurrent(backend, heinsenLogMechanism, inputs);
    const tolerance = heinsenTolerance(golden, precision);
    const comparisons: Comparison[] = [
      {
        name: 'log_attention',
        actual: result.out,
        expected: requireArray(golden, 'outputs.log_attention'),
        tolerance,
      },
    ];
    for (const [ours, theirs] of [
      ['logHS', 'log_H_S'],
      ['logHZ', 'log_H_Z'],
    ] as const) {
      const actual = result.state?.[ours];
      if (!actual) throw new Error(`${golden.name}: the ${form} form returned no state '${ours}'`);
      const expected = requireArray(golden, `outputs.final_state.${theirs}`);
      comparisons.push({
        name: `final_state.${theirs}`,
        actual: new Tensor(actual.dtype, expected.shape, actual.data),
        expected,
        tolerance,
      });
    }
    return comparisons;
  },
};
