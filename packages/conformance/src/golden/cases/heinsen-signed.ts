import {
  type Backend,
  type FormName,
  heinsenAttention,
  runChunked,
  runParallel,
  runRecurrent,
} from '@constant-attention/core';
import { type Comparison, type GoldenCase, type GoldenCaseRunner, requireArray } from '../golden-case.js';
import { formsByCausality, readCausalForForm } from './golden-header.js';
import { heinsenTolerance } from './heinsen-tolerance.js';
import { readQkv } from './read-qkv.js';

/** 5 divides neither causal length (12, 16), so the padded last chunk is exercised. */
const CHUNK_SIZE = 5;

/**
 * The registered real-space `heinsen` mechanism on signed V (any sign, exact zeros), format
 * 'heinsen-real-attention-golden/1'. The format fixes no state layout, so the causal cases check the
 * state through the chunked and recurrent forms' outputs, which are built on it.
 */
export const heinsenSignedGoldenRunner: GoldenCaseRunner = {
  format: 'heinsen-real-attention-golden/1',
  mechanism: heinsenAttention.name,

  forms: formsByCausality,

  async run(backend: Backend, form: FormName, golden: GoldenCase, precision): Promise<readonly Comparison[]> {
    const inputs = readQkv(golden, precision, { q: 'inputs.Q', k: 'inputs.K', v: 'inputs.V' });
    const causal = readCausalForForm(golden, form);
    const result =
      form === 'parallel'
        ? await runParallel(backend, heinsenAttention, inputs, { causal })
        : form === 'chunked'
          ? await runChunked(backend, heinsenAttention, inputs, { chunkSize: CHUNK_SIZE })
          : await runRecurrent(backend, heinsenAttention, inputs);
    return [
      {
        name: 'attention',
        actual: result.out,
        expected: requireArray(golden, 'outputs.attention'),
        tolerance: heinsenTolerance(golden, precision),
      },
    ];
  },
};
