import type { Precision } from './golden-case.js';

/** The float64 interpreter is held to float64 tolerances; every runtime backend computes in float32. */
export function precisionFor(backend: string): Precision {
  return backend === 'reference' ? 'float64' : 'float32';
}
