import type { MechanismCost } from '@constant-attention/core';
import type { DecodeSample, PrefillSample } from '../../src/schema/bench-results.js';

export const FLAT_COST: MechanismCost = {
  parallelTime: 'O(n^2 d)',
  stepTime: 'O(d_k d_v)',
  stateSize: 'O(d_k d_v)',
};
export const GROWING_COST: MechanismCost = {
  parallelTime: 'O(n^2 (dk + dv))',
  stepTime: 'O(t (dk + dv))',
  stateSize: 'O(t (dk + dv))',
};

/** A decode sample with a tight spread (+-5%) around `ms` unless p10/p90 are given. */
export function decodeSample(
  mechanism: string,
  n: number,
  ms: number,
  extra: Partial<DecodeSample> = {},
): DecodeSample {
  return {
    suite: 'decode',
    mechanism,
    backend: 'ort',
    device: 'cpu',
    cost: mechanism === 'softmax' ? GROWING_COST : FLAT_COST,
    n,
    median_ms: ms,
    p10_ms: ms * 0.95,
    p90_ms: ms * 1.05,
    min_ms: ms * 0.9,
    max_ms: ms * 1.1,
    samples: 10,
    state_bytes: mechanism === 'softmax' ? n * 4096 : 131072,
    prefix_tokens: n,
    ...extra,
  };
}

export function prefillSample(
  mechanism: string,
  form: PrefillSample['form'],
  n: number,
  ms: number,
): PrefillSample {
  return {
    suite: 'prefill',
    mechanism,
    backend: 'ort',
    device: 'cpu',
    cost: mechanism === 'softmax' ? GROWING_COST : FLAT_COST,
    form,
    n,
    median_ms: ms,
    p10_ms: ms,
    p90_ms: ms,
    min_ms: ms,
    max_ms: ms,
    samples: 3,
    peak_rss_delta_bytes: 0,
  };
}
