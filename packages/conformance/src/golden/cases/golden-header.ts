import type { FormName } from '@constant-attention/core';
import type { GoldenCase } from '../golden-case.js';

/** header.causal, which every causal-capable format must state explicitly. */
export function readCausal(golden: GoldenCase): boolean {
  const causal = golden.header.causal;
  if (typeof causal !== 'boolean') throw new Error(`${golden.name}: header.causal is not a boolean`);
  return causal;
}

export function readEps(golden: GoldenCase): number {
  const eps = golden.header.eps;
  if (typeof eps !== 'number' || !Number.isFinite(eps) || eps < 0) {
    throw new Error(`${golden.name}: header.eps is ${JSON.stringify(eps)}, not a finite number >= 0`);
  }
  return eps;
}

/** Causal cases run in every form; non-causal ones only have a parallel form. */
export function formsByCausality(golden: GoldenCase): readonly FormName[] {
  return readCausal(golden) ? ['parallel', 'chunked', 'recurrent'] : ['parallel'];
}

/** header.causal, once the requested form is known to exist for the case. */
export function readCausalForForm(golden: GoldenCase, form: FormName): boolean {
  const causal = readCausal(golden);
  if (!causal && form !== 'parallel') {
    throw new Error(`${golden.name}: a non-causal case has only the parallel form, not '${form}'`);
  }
  return causal;
}
