import { InvalidArgumentError, ShapeError } from '../errors.js';

/**
 * A dimension is a concrete size, a named symbol such as 'batch' or 'seq' bound when a graph runs, or a
 * symbol plus a constant such as 'past+1' (a KV cache that grew by one token). Only plain symbols may
 * appear in graph inputs; offset symbols arise from Concat and resolve from their base symbol.
 */
export type Dim = number | string;

const SYMBOL = /^([A-Za-z_][A-Za-z0-9_.]*)(?:\+(\d+))?$/;

/** Splits 'past+3' into { symbol: 'past', offset: 3 }; a plain symbol has offset 0. */
export function parseSymbolicDim(dim: string): { symbol: string; offset: number } {
  const match = SYMBOL.exec(dim);
  if (!match) throw new InvalidArgumentError(`symbolic dimension ${JSON.stringify(dim)} is not a valid name`);
  return { symbol: match[1]!, offset: match[2] === undefined ? 0 : Number(match[2]) };
}

/** Canonical dim for symbol + offset. */
export function offsetDim(symbol: string, offset: number): Dim {
  return offset === 0 ? symbol : `${symbol}+${offset}`;
}

/** a + b when at most one is symbolic; undefined when the sum is not expressible (two symbols). */
export function addDims(a: Dim, b: Dim): Dim | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (typeof a === 'number' && a === 0) return b;
  if (typeof b === 'number' && b === 0) return a;
  if (typeof a === 'string' && typeof b === 'number') {
    const p = parseSymbolicDim(a);
    return offsetDim(p.symbol, p.offset + b);
  }
  if (typeof b === 'string' && typeof a === 'number') return addDims(b, a);
  return undefined;
}

/** The concrete size of a dim under symbol bindings. */
export function resolveDim(dim: Dim, bindings: ReadonlyMap<string, number>): number {
  if (typeof dim === 'number') return dim;
  const { symbol, offset } = parseSymbolicDim(dim);
  const value = bindings.get(symbol);
  if (value === undefined) throw new ShapeError(`symbolic dimension '${symbol}' is not bound`);
  return value + offset;
}
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
  } else if (typeof dim !== 'string' || !SYMBOL.test(dim)) {
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
