import {
  type AnyMechanism,
  type FormRun,
  type HostAttentionInputs,
  ReferenceBackend,
  runChunked,
  runParallel,
  runRecurrent,
} from '../../src/index.js';

const backend = new ReferenceBackend();

export interface CausalFormRuns {
  readonly parallel: FormRun;
  readonly chunked: FormRun;
  readonly recurrent: FormRun;
}

/** The three causal forms of one mechanism on the float64 reference backend, which must all agree. */
export async function runCausalForms(
  mechanism: AnyMechanism,
  inputs: HostAttentionInputs,
  chunkSize: number,
  options: object = {},
): Promise<CausalFormRuns> {
  return {
    parallel: await runParallel(backend, mechanism, inputs, { ...options, causal: true }),
    chunked: await runChunked(backend, mechanism, inputs, { ...options, chunkSize }),
    recurrent: await runRecurrent(backend, mechanism, inputs, options),
  };
}
