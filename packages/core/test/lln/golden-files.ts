import type { Tensor } from '../../src/index.js';
import { goldenFolder } from '../support/golden-folder.js';
import { nestedToTensor } from '../support/nested-array.js';
import { readGoldenJson } from '../support/read-golden-json.js';

export const GOLDEN_DIR = goldenFolder('lln');

export interface LlnGolden {
  readonly name: string;
  readonly mode: 'lln' | 'lln+diag average';
  readonly eps: number;
  readonly stats: Readonly<Record<'sigma_q' | 'sigma_k' | 'sigma_tilde' | 'alpha' | 'beta', number>>;
  readonly arrays: ReadonlyMap<string, Tensor>;
}

export function loadLlnGoldens(): LlnGolden[] {
  return readGoldenJson(GOLDEN_DIR).map(({ json }) => {
    const arrays = new Map<string, Tensor>();
    for (const [key, shape] of Object.entries(json.header.shapes as Record<string, number[]>)) {
      arrays.set(key, nestedToTensor(json.inputs[key] ?? json.outputs[key], shape));
    }
    return {
      name: json.header.case,
      mode: json.header.mode,
      eps: json.header.eps,
      stats: json.outputs.stats,
      arrays,
    };
  });
}

/** max |a - e| / max(1, |e|); NaN or Inf anywhere gives Infinity. */
export function maxRelError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!Number.isFinite(a) || !Number.isFinite(e)) return Number.POSITIVE_INFINITY;
    worst = Math.max(worst, Math.abs(a - e) / Math.max(1, Math.abs(e)));
  }
  return worst;
}
