import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tensor } from '../../src/index.js';

export const GOLDEN_DIR = '/work/shared/golden/heinsen';

type Nested = number | string | Nested[];

export interface HeinsenGolden {
  readonly name: string;
  readonly causal: boolean;
  /** Keyed as in header.shapes: 'Q', 'K', 'log_V', 'log_attention', 'final_state.log_H_S', ... */
  readonly arrays: ReadonlyMap<string, Tensor>;
}

function flatten(x: Nested, out: number[]): void {
  if (Array.isArray(x)) for (const y of x) flatten(y, out);
  else if (typeof x === 'number') out.push(x);
  else if (x === '-Infinity') out.push(Number.NEGATIVE_INFINITY);
  else throw new Error(`unexpected golden entry ${JSON.stringify(x)}`);
}

function at(root: Record<string, unknown>, dotted: string): Nested | undefined {
  let node: unknown = root;
  for (const part of dotted.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  return node as Nested | undefined;
}

/** Reads every case with plain fs so core does not depend on the conformance package. */
export function loadHeinsenGoldens(): HeinsenGolden[] {
  return readdirSync(GOLDEN_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const json = JSON.parse(readFileSync(join(GOLDEN_DIR, file), 'utf8'));
      const arrays = new Map<string, Tensor>();
      for (const [key, shape] of Object.entries(json.header.shapes as Record<string, number[]>)) {
        const flat: number[] = [];
        flatten(at(json.inputs, key) ?? at(json.outputs, key)!, flat);
        arrays.set(key, Tensor.float64(flat, shape));
      }
      return { name: json.header.case as string, causal: json.header.causal as boolean, arrays };
    });
}
