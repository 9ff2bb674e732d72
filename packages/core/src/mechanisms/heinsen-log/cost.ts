import type { MechanismCost } from '../mechanism.js';

/** Big-O of the log-space forms; their FLOPs are not counted (the bench runs registered mechanisms only). */
export const heinsenLogCost: MechanismCost = {
  parallelTime: 'O(n^2 (d_k + d_v)) causal, O(n_q n_k (d_k + d_v)) non-causal',
  stepTime: 'O(d_k d_v)',
  stateSize: 'd_k (d_v + 1)',
};
