import {
  type Backend,
  type FormName,
  linearEluAttention,
  runChunked,
  runParallel,
  runRecurrent,
} from '@constant-attention/core';
import { type Comparison, type GoldenCase, type GoldenCaseRunner, requireArray } from '../golden-case.js';
import { formsByCausality, readCausalForForm, readEps } from './golden-header.js';
import { readQkv } from './read-qkv.js';

/** Tolerances from shared/golden/linear-elu/README.md. */
const TOLERANCE = { float64: { rel: 1e-9 }, float32: { rel: 1e-4 } } as const;

/** 5 divides none of the causal cases' lengths (8, 32, 48), so the padded last chunk is exercised. */
const CHUNK_SIZE = 5;

/** Classic elu+1 linear attention (Katharopoulos et al. 2020), format 'linear-elu-attention-golden/1'. */
export const linearEluGoldenRunner: GoldenCaseRunner = {
  format: 'linear-elu-attention-golden/1',
  mechanism: linearEluAttention.name,

  forms: formsByCausality,

  async run(backend: Backend, form: FormName, golden: GoldenCase, precision): Promise<readonly Comparison[]> {
    const inputs = readQkv(golden, precision, { q: 'inputs.q', k: 'inputs.k', v: 'inputs.v' });
    const options = { eps: readEps(golden) };
    const causal = readCausalForForm(golden, form);
    const result =
      form === 'parallel'
        ? await runParallel(backend, linearEluAttention, inputs, { ...options, causal })
        : form === 'chunked'
          ? await runChunked(backend, linearEluAttention, inputs, { ...options, chunkSize: CHUNK_SIZE })
          : await runRecurrent(backend, linearEluAttention, inputs, options);
    const tolerance = TOLERANCE[precision];
    const comparisons: Comparison[] = [
      { name: 'out', actual: result.out, expected: requireArray(golden, 'outputs.out'), tolerance },
    ];
    if (causal) {
      for (const name of ['S', 'Z'] as const) {
        const actual = result.state?.[name];
        if (!actual) throw new Error(`${golden.name}: the ${form} form returned no state '${name}'`);
        const expected = requireArray(golden, `outputs.final_state.${name}`);
        comparisons.push({ name: `final_state.${name}`, actual, expected, tolerance });
      }
    }
    return comparisons;
  },
};
