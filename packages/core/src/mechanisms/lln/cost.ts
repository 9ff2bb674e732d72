import { kernelFlops } from '../linear/cost.js';
import type { MechanismCost } from '../mechanism.js';

/**
 * lln's graphs do the work of kernel attention with a feature normalizer (r = 1 in ../linear/cost.ts,
 * which states the formulas); the running-max shifts are O(n) per row and left out.
 */
export const llnCost: MechanismCost = {
  parallelTime: 'O(n d_k d_v) non-causal, O(n^2 d) causal',
  stepTime: 'O(d_k d_v)',
  stateSize: 'O(d_k d_v)',
  flopsPerHead: (form, shape) => kernelFlops(form, shape, 1),
};
