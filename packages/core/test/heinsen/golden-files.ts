import type { Tensor } from '../../src/index.js';
import { goldenFolder } from '../support/golden-folder.js';
import { type NestedArray, nestedToTensor } from '../support/nested-array.js';
import { readGoldenJson } from '../support/read-golden-json.js';

export const GOLDEN_DIR = goldenFolder('heinsen');

export interface HeinsenGolden {
  readonly name: string;
  readonly causal: boolean;
  /** Keyed as in header.shapes: 'Q', 'K', 'log_V', 'log_attention', 'final_state.log_H_S', ... */
  readonly arrays: ReadonlyMap<string, Tensor>;
}

function at(root: Record<string, unknown>, dotted: string): NestedArray | undefined {
  let node: unknown = root;
  for (const part of dotted.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  return node as NestedArray | undefined;
}

export function loadHeinsenGoldens(): HeinsenGolden[] {
  return readGoldenJson(GOLDEN_DIR).map(({ json }) => {
    const arrays = new Map<string, Tensor>();
    for (const [key, shape] of Object.entries(json.header.shapes as Record<string, number[]>)) {
      arrays.set(key, nestedToTensor(at(json.inputs, key) ?? at(json.outputs, key)!, shape));
    }
    return { name: json.header.case as string, causal: json.header.causal as boolean, arrays };
  });
}
