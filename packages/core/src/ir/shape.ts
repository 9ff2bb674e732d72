import { InvalidArgumentError, ShapeError } from '../errors.js';

/** A dimension is a concrete size or a named symbol such as 'batch' or 'seq', bound when a graph runs. */
export type Dim = number | string;
export type Shape = readonly Dim[];

export function formatShape(shape: Shape): string {
  return `[${shape.map((d) => (typeof d === 'number' ? String(d) : d)).join(', ')}]`;
}

export function isConcreteShape(shape: Shape): shape is readonly number[] {
  return shape.every((d) => typeof d === 'number');
}

export function sameDim(a: Dim, b: Dim): boolean {
  return a === b;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function checkDim(dim: Dim, what: string): void {
  if (typeof dim === 'number') {
    if (!Number.isInteger(dim) || dim < 0)
      throw new InvalidArgumentError(`${what}: dimension ${dim} is not a non-negative integer`);
  } else if (typeof dim !== 'string' || !/^[A-Za-z_][A-Za-z0-9_.]*$/.test(dim)) {
    throw new InvalidArgumentError(`${what}: symbolic dimension ${JSON.stringify(dim)} is not a valid name`);
  }
}

/** Number of elements; throws on symbolic shapes because their size is unknown until run time. */
export function shapeSize(shape: Shape): number {
  let size = 1;
  for (const d of shape) {
    if (typeof d !== 'number')
      throw new ShapeError(`size of ${formatShape(shape)} is unknown: '${d}' is symbolic`);
    size *= d;
  }
  return size;
}

/** Numpy broadcasting; a symbolic dim only broadcasts against itself or 1. */
export function broadcastShapes(op: string, shapes: readonly Shape[]): Shape {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: Dim[] = [];
  for (let axis = 0; axis < rank; axis++) {
    let dim: Dim = 1;
    for (const s of shapes) {
      const d = s[s.length - rank + axis] ?? 1;
      if (d === 1) continue;
      if (dim === 1) dim = d;
      else if (dim !== d) {
        throw new ShapeError(
          `${op}: cannot broadcast shapes ${shapes.map(formatShape).join(' and ')} (dimension ${String(dim)} vs ${String(d)} at axis ${axis - rank})`,
        );
      }
    }
    out.push(dim);
  }
  return out;
}

/** A product of dims as coefficient times a multiset of symbols, enough to check reshapes of symbolic shapes. */
export interface DimProduct {
  readonly coefficient: number;
  readonly symbols: readonly string[];
}

export function dimProduct(dims: Shape): DimProduct {
  let coefficient = 1;
  const symbols: string[] = [];
  for (const d of dims) {
    if (typeof d === 'number') coefficient *= d;
    else symbols.push(d);
  }
  symbols.sort();
  return { coefficient, symbols };
}

export function sameProduct(a: DimProduct, b: DimProduct): boolean {
  return (
    a.coefficient === b.coefficient &&
    a.symbols.length === b.symbols.length &&
    a.symbols.every((s, i) => s === b.symbols[i])
  );
}

/** Normalizes a possibly negative axis and checks it against the rank. */
export function normalizeAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new InvalidArgumentError(`${op}: axis ${axis} is out of range for rank ${rank}`);
  }
  return axis < 0 ? axis + rank : axis;
}
