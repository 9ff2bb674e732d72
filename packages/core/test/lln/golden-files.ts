import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tensor } from '../../src/index.js';

export const GOLDEN_DIR = '/work/shared/golden/lln';

type Nested = number | Nested[];

export interface LlnGolden {
  readonly name: string;
  readonly mode: 'lln' | 'lln+diag average';
  readonly eps: number;
  readonly stats: Readonly<Record<'sigma_q' | 'sigma_k' | 'sigma_tilde' | 'alpha' | 'beta', number>>;
  readonly arrays: ReadonlyMap<string, Tensor>;
}

function flatten(x: Nested, out: number[]): void {
  if (typeof x === 'number') out.push(x);
  else for (const y of x) flatten(y, out);
}

function toTensor(x: Nested, shape: number[]): Tensor {
  const flat: number[] = [];
  flatten(x, flat);
  return Tensor.float64(flat, shape);
}

/** Reads every case with plain fs so core does not depend on the conformance package. */
export function loadLlnGoldens(): LlnGolden[] {
  return readdirSync(GOLDEN_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const json = JSON.parse(readFileSync(join(GOLDEN_DIR, file), 'utf8'));
      const arrays = new Map<string, Tensor>();
      for (const [key, shape] of Object.entries(json.header.shapes as Record<string, number[]>)) {
        arrays.set(key, toTensor(json.inputs[key] ?? json.outputs[key], shape));
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
