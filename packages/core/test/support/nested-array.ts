import { Tensor } from '../../src/index.js';

/** A golden JSON array: nested lists of numbers, -inf written as the string "-Infinity". */
export type NestedArray = number | string | NestedArray[];

export function flattenNested(x: NestedArray, out: number[] = []): number[] {
  if (Array.isArray(x)) for (const y of x) flattenNested(y, out);
  else if (typeof x === 'number') out.push(x);
  else if (x === '-Infinity') out.push(Number.NEGATIVE_INFINITY);
  else throw new Error(`unexpected golden entry ${JSON.stringify(x)}`);
  return out;
}

export function nestedToTensor(x: NestedArray, shape: readonly number[]): Tensor {
  return Tensor.float64(flattenNested(x), shape);
}
