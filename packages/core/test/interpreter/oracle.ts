import { expect } from 'vitest';
import { evaluate, type Graph, GraphBuilder, type Tensor, type Value } from '../../src/index.js';
import { mulberry32 } from '../support/mulberry32.js';

/** Kept under this name for its many callers. */
export { mulberry32 as rng };

export function uniform(random: () => number, size: number, lo = -3, hi = 3): Float64Array {
  return Float64Array.from({ length: size }, () => lo + (hi - lo) * random());
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Multi-index of a flat row-major position. */
export function unravel(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length).fill(0);
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index[axis] = flat % shape[axis]!;
    flat = Math.floor(flat / shape[axis]!);
  }
  return index;
}

export function ravel(index: readonly number[], shape: readonly number[]): number {
  let flat = 0;
  for (let axis = 0; axis < shape.length; axis++) flat = flat * shape[axis]! + index[axis]!;
  return flat;
}

/** The element of `data` (shape `shape`) that numpy broadcasting maps to `outIndex`. */
export function broadcastRead(
  data: ArrayLike<number>,
  shape: readonly number[],
  outIndex: readonly number[],
) {
  const offset = outIndex.length - shape.length;
  const index = shape.map((d, axis) => (d === 1 ? 0 : outIndex[axis + offset]!));
  return data[ravel(index, shape)]!;
}

/** Builds a one-output graph from named float32 inputs and evaluates it in float64. */
export function runGraph(
  inputs: Readonly<Record<string, Tensor>>,
  body: (b: GraphBuilder, x: Record<string, Value>) => Value,
): Tensor {
  const b = new GraphBuilder();
  const values: Record<string, Value> = {};
  for (const [name, t] of Object.entries(inputs)) values[name] = b.input(name, t.dtype, t.shape);
  const graph: Graph = b.build({ out: body(b, values) });
  return evaluate(graph, inputs).out!;
}

/**
 * Elementwise closeness with exact agreement on infinities and NaN, so a -inf that became a large
 * negative number (or NaN) fails.
 */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  { rtol = 1e-12, atol = 1e-12 }: { rtol?: number; atol?: number } = {},
): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!Number.isFinite(e) || !Number.isFinite(a)) {
      if (!Object.is(a, e) && !(Number.isNaN(a) && Number.isNaN(e))) {
        expect.fail(`index ${i}: got ${a}, expected ${e}`);
      }
      continue;
    }
    if (Math.abs(a - e) > atol + rtol * Math.abs(e)) {
      expect.fail(`index ${i}: got ${a}, expected ${e} (|diff| ${Math.abs(a - e)})`);
    }
  }
}

/** log(exp(a) + exp(b)) in plain float64, the scalar oracle for every log-space test. */
export function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  const m = Math.max(a, b);
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/** numpy broadcasting of concrete shapes, written independently of the IR's version. */
export function broadcastShape(...shapes: (readonly number[])[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  return Array.from({ length: rank }, (_, axis) => {
    const dims = shapes.map((s) => s[axis - (rank - s.length)] ?? 1).filter((d) => d !== 1);
    return dims.length === 0 ? 1 : dims[0]!;
  });
}
