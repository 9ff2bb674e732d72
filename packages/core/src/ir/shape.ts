import { InvalidArgumentError, ShapeError } from '../errors.js';

/**
 * A dimension is a concrete size, a named symbol such as 'batch' or 'seq' bound when a graph runs, a
 * symbol plus a constant such as 'past+1' (a KV cache that grew by one token), or a whole number of
 * chunks of a symbol: 'ceil(seq/64)' chunks, or 'ceil(seq/64)*64' tokens padded to whole chunks (the
 * chunked forms over a symbolic length). Only plain symbols may appear in graph inputs; the others
 * arise from ops and resolve from their base symbol.
 */
export type Dim = number | string;

const NAME = '[A-Za-z_][A-Za-z0-9_.]*';
const SYMBOL = new RegExp(
  `^(?:(${NAME})(?:\\+(${NAME}))?(?:\\+(\\d+))?|ceil\\((${NAME})(?:\\+(\\d+))?/(\\d+)\\)(?:\\*(\\d+))?)$`,
);

/**
 * A symbolic dim's value is ceil((symbol + addend + offset) / divisor) * scale, where the addend is a
 * second symbol ('past+seq': a KV cache grown by a symbolic number of tokens) or absent; a plain symbol
 * has no addend, offset 0, divisor 1, scale 1. Chunk expressions divide a plain symbol only.
 */
export interface SymbolicDim {
  readonly symbol: string;
  readonly addend?: string;
  readonly offset: number;
  readonly divisor: number;
  readonly scale: number;
}

/** Splits 'past+3' into { symbol: 'past', offset: 3 }, 'past+seq' into symbol and addend, 'ceil(seq/8)*8' into divisor 8, scale 8. */
export function parseSymbolicDim(dim: string): SymbolicDim {
  const match = SYMBOL.exec(dim);
  if (!match) throw new InvalidArgumentError(`symbolic dimension ${JSON.stringify(dim)} is not a valid name`);
  if (match[1] !== undefined) {
    const offset = match[3] === undefined ? 0 : Number(match[3]);
    return match[2] === undefined
      ? { symbol: match[1], offset, divisor: 1, scale: 1 }
      : { symbol: match[1], addend: match[2], offset, divisor: 1, scale: 1 };
  }
  const offset = match[5] === undefined ? 0 : Number(match[5]);
  const divisor = Number(match[6]);
  const scale = match[7] === undefined ? 1 : Number(match[7]);
  if (divisor < 1 || scale < 1)
    throw new InvalidArgumentError(`symbolic dimension ${JSON.stringify(dim)} divides or scales by 0`);
  return { symbol: match[4]!, offset, divisor, scale };
}

/** The symbols a dim's value depends on. */
export function dimSymbols(dim: Dim): string[] {
  if (typeof dim === 'number') return [];
  const p = parseSymbolicDim(dim);
  return p.addend === undefined ? [p.symbol] : [p.symbol, p.addend];
}

/** True for a bare name such as 'seq', the only symbolic dim a graph input may have. */
export function isPlainSymbol(dim: Dim): dim is string {
  if (typeof dim !== 'string') return false;
  const p = parseSymbolicDim(dim);
  return p.addend === undefined && p.offset === 0 && p.divisor === 1 && p.scale === 1;
}

/** Canonical dim for symbol + offset. */
export function offsetDim(symbol: string, offset: number): Dim {
  return offset === 0 ? symbol : `${symbol}+${offset}`;
}

/**
 * ceil(dim / divisor) * scale: the number of chunks of `divisor` (scale 1) or the padded length (scale
 * = divisor). A symbolic dim must be one symbol plus a constant; anything else throws a ShapeError.
 */
export function ceilDivDim(dim: Dim, divisor: number, scale = 1): Dim {
  if (!Number.isInteger(divisor) || divisor < 1 || !Number.isInteger(scale) || scale < 1)
    throw new InvalidArgumentError(
      `ceilDivDim: divisor ${divisor} and scale ${scale} must be positive integers`,
    );
  if (typeof dim === 'number') return Math.ceil(dim / divisor) * scale;
  const p = parseSymbolicDim(dim);
  if (p.addend !== undefined || p.divisor !== 1 || p.scale !== 1)
    throw new ShapeError(
      `cannot divide symbolic dimension '${dim}' into chunks: only a symbol (plus a constant) can be`,
    );
  if (divisor === 1 && scale === 1) return dim;
  return chunkDim(p.symbol, p.offset, divisor, scale);
}

/** The spelling of ceil((symbol + offset) / divisor) * scale. */
function chunkDim(symbol: string, offset: number, divisor: number, scale: number): string {
  if (divisor === 1 && scale === 1) return offset === 0 ? symbol : `${symbol}+${offset}`;
  const inner = offset === 0 ? symbol : `${symbol}+${offset}`;
  return scale === 1 ? `ceil(${inner}/${divisor})` : `ceil(${inner}/${divisor})*${scale}`;
}

const isChunkDim = (p: SymbolicDim) => p.divisor !== 1 || p.scale !== 1;

/** 'a+b+k' with the two symbols in one order, so a sum reads the same however it was formed. */
function sumDim(symbols: readonly string[], offset: number): Dim {
  const names = [...symbols].sort().join('+');
  return offset === 0 ? names : `${names}+${offset}`;
}

/**
 * dim * factor where that is a dim: any concrete size, or a chunk count such as 'ceil(seq/64)' (its
 * scale grows; a symbol becomes 'ceil(seq/1)*factor'). A sum of symbols throws.
 */
export function scaleDim(dim: Dim, factor: number): Dim {
  if (!Number.isInteger(factor) || factor < 1)
    throw new InvalidArgumentError(`scaleDim: factor ${factor} must be a positive integer`);
  if (typeof dim === 'number') return dim * factor;
  if (factor === 1) return dim;
  const p = parseSymbolicDim(dim);
  if (p.addend !== undefined)
    throw new ShapeError(`cannot scale symbolic dimension '${dim}': a sum of symbols cannot be`);
  return chunkDim(p.symbol, p.offset, p.divisor, p.scale * factor);
}

/**
 * a + b when the sum is a dim: two concrete sizes, a symbol (plus an offset) plus a size, or two plain
 * or offset symbols ('past+seq'); undefined otherwise (three symbols, or a chunk expression).
 */
export function addDims(a: Dim, b: Dim): Dim | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (typeof a === 'number' && a === 0) return b;
  if (typeof b === 'number' && b === 0) return a;
  if (typeof a === 'number') return addDims(b, a);
  const pa = parseSymbolicDim(a);
  if (isChunkDim(pa)) return undefined;
  if (typeof b === 'number') return sumDim(dimSymbols(a), pa.offset + b);
  const pb = parseSymbolicDim(b);
  if (isChunkDim(pb) || pa.addend !== undefined || pb.addend !== undefined) return undefined;
  return sumDim([pa.symbol, pb.symbol], pa.offset + pb.offset);
}

/**
 * Whether a <= b for every value of their symbols (all >= 0), as far as can be shown: equal dims, a
 * concrete a of 0, sums whose symbols and offset a's are part of, or over one symbol s with a = s + i
 * <= ceil(s/D)*S for i = 0 and S >= D, or a = ceil(s/D)*S <= s + j for S <= D and j >= D - 1 (a
 * chunk-padded length, then sliced back).
 */
export function dimAtMost(a: Dim, b: Dim): boolean {
  if (a === b || a === 0) return true;
  if (typeof a === 'number' && typeof b === 'number') return a <= b;
  if (typeof b === 'number') return false;
  const pb = parseSymbolicDim(b);
  if (typeof a === 'number') return !isChunkDim(pb) && a <= pb.offset;
  const pa = parseSymbolicDim(a);
  if (!isChunkDim(pa) && !isChunkDim(pb)) {
    const rest = dimSymbols(b);
    for (const s of dimSymbols(a)) {
      const i = rest.indexOf(s);
      if (i < 0) return false;
      rest.splice(i, 1);
    }
    return pa.offset <= pb.offset;
  }
  if (pa.symbol !== pb.symbol || pa.addend !== undefined || pb.addend !== undefined) return false;
  if (!isChunkDim(pa)) return pb.scale >= pb.divisor && pb.offset >= pa.offset;
  if (!isChunkDim(pb)) return pa.scale <= pa.divisor && pb.offset >= pa.offset + pa.divisor - 1;
  return pa.divisor === pb.divisor && pa.offset === pb.offset && pa.scale <= pb.scale;
}

/** The concrete size of a dim under symbol bindings. */
export function resolveDim(dim: Dim, bindings: ReadonlyMap<string, number>): number {
  if (typeof dim === 'number') return dim;
  const { offset, divisor, scale } = parseSymbolicDim(dim);
  let value = offset;
  for (const symbol of dimSymbols(dim)) {
    const bound = bindings.get(symbol);
    if (bound === undefined) throw new ShapeError(`symbolic dimension '${symbol}' is not bound`);
    value += bound;
  }
  return Math.ceil(value / divisor) * scale;
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
    else {
      // 'ceil(seq/8)*8' is 8 times the chunk count 'ceil(seq/8)', so the two reshape into each other.
      const p = parseSymbolicDim(d);
      if (p.scale === 1) symbols.push(d);
      else {
        coefficient *= p.scale;
        symbols.push(chunkDim(p.symbol, p.offset, p.divisor, 1));
      }
    }
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
