import { InvalidInputValueError, ShapeError } from '../errors.js';
import type { DType } from '../ir/dtype.js';
import { Tensor, type TensorData } from '../tensor/tensor.js';
import { erf } from './erf.js';
import { broadcastConcrete, broadcastIndex, sizeOf, stridesOf } from './strides.js';

/** Values as the interpreter holds them: float32 in Float64Array, int32 in Int32Array, bool in Uint8Array. */
export function allocate(dtype: DType, size: number): TensorData {
  return dtype === 'float32'
    ? new Float64Array(size)
    : dtype === 'int32'
      ? new Int32Array(size)
      : new Uint8Array(size);
}

export function make(dtype: DType, shape: readonly number[], data?: TensorData): Tensor {
  return new Tensor(dtype, shape, data ?? allocate(dtype, sizeOf(shape)));
}

// One loop per op, rather than one loop calling a table of scalar functions, so that each op's
// arithmetic inlines: on long sequences the interpreter spends most of its time in these loops.
type UnaryLoop = (x: TensorData, out: TensorData) => void;

const UNARY: Record<string, UnaryLoop> = {
  Neg: (x, o) => {
    for (let i = 0; i < o.length; i++) o[i] = -x[i]!;
  },
  Abs: (x, o) => {
    for (let i = 0; i < o.length; i++) o[i] = Math.abs(x[i]!);
  },
  Exp: (x, o) => {
    for (let i = 0; i < o.length; i++) o[i] = Math.exp(x[i]!);
  },
  Log: (x, o) => {
    for (let i = 0; i < o.length; i++) o[i] = Math.log(x[i]!);
  },
  Sqrt: (x, o) => {
    for (let i = 0; i < o.length; i++) o[i] = Math.sqrt(x[i]!);
  },
  Tanh: (x, o) => {
    for (let i = 0; i < o.length; i++) o[i] = Math.tanh(x[i]!);
  },
  Erf: (x, o) => {
    for (let i = 0; i < o.length; i++) o[i] = erf(x[i]!);
  },
  Not: (x, o) => {
    for (let i = 0; i < o.length; i++) o[i] = x[i] ? 0 : 1;
  },
};

export function unary(op: string, x: Tensor): Tensor {
  const out = make(x.dtype, x.shape);
  UNARY[op]!(x.data, out.data);
  return out;
}

/** out[i] = a[i * sa] (op) b[i * sb]: stride 1 walks an operand, stride 0 repeats its single value. */
type BinaryLoop = (a: TensorData, sa: number, b: TensorData, sb: number, out: TensorData) => void;

const BINARY: Record<string, BinaryLoop> = {
  Add: (a, sa, b, sb, o) => {
    for (let i = 0; i < o.length; i++) o[i] = a[i * sa]! + b[i * sb]!;
  },
  Sub: (a, sa, b, sb, o) => {
    for (let i = 0; i < o.length; i++) o[i] = a[i * sa]! - b[i * sb]!;
  },
  Mul: (a, sa, b, sb, o) => {
    for (let i = 0; i < o.length; i++) o[i] = a[i * sa]! * b[i * sb]!;
  },
  Div: (a, sa, b, sb, o) => {
    for (let i = 0; i < o.length; i++) o[i] = a[i * sa]! / b[i * sb]!;
  },
  IntDiv: (a, sa, b, sb, o) => {
    for (let i = 0; i < o.length; i++) o[i] = Math.trunc(a[i * sa]! / b[i * sb]!);
  },
  Pow: (a, sa, b, sb, o) => {
    for (let i = 0; i < o.length; i++) o[i] = a[i * sa]! ** b[i * sb]!;
  },
  // Math.max/min propagate NaN, as the runtimes' Max/Min do.
  Maximum: (a, sa, b, sb, o) => {
    for (let i = 0; i < o.length; i++) o[i] = Math.max(a[i * sa]!, b[i * sb]!);
  },
  Minimum: (a, sa, b, sb, o) => {
    for (let i = 0; i < o.length; i++) o[i] = Math.min(a[i * sa]!, b[i * sb]!);
  },
  Less: (a, sa, b, sb, o) => {
    for (let i = 0; i < o.length; i++) o[i] = a[i * sa]! < b[i * sb]! ? 1 : 0;
  },
  LessEqual: (a, sa, b, sb, o) => {
    for (let i = 0; i < o.length; i++) o[i] = a[i * sa]! <= b[i * sb]! ? 1 : 0;
  },
  Greater: (a, sa, b, sb, o) => {
    for (let i = 0; i < o.length; i++) o[i] = a[i * sa]! > b[i * sb]! ? 1 : 0;
  },
  GreaterEqual: (a, sa, b, sb, o) => {
    for (let i = 0; i < o.length; i++) o[i] = a[i * sa]! >= b[i * sb]! ? 1 : 0;
  },
  Equal: (a, sa, b, sb, o) => {
    for (let i = 0; i < o.length; i++) o[i] = a[i * sa]! === b[i * sb]! ? 1 : 0;
  },
  And: (a, sa, b, sb, o) => {
    for (let i = 0; i < o.length; i++) o[i] = a[i * sa]! && b[i * sb]! ? 1 : 0;
  },
  Or: (a, sa, b, sb, o) => {
    for (let i = 0; i < o.length; i++) o[i] = a[i * sa]! || b[i * sb]! ? 1 : 0;
  },
};

export function binary(op: string, a: Tensor, b: Tensor, outDType: DType): Tensor {
  const loop = BINARY[op === 'Div' && a.dtype === 'int32' ? 'IntDiv' : op]!;
  const shape = broadcastConcrete([a.shape, b.shape]);
  const out = make(outDType, shape);
  const [ad, sa] = strided(a, shape, out.size);
  const [bd, sb] = strided(b, shape, out.size);
  loop(ad, sa, bd, sb, out.data);
  return out;
}

/**
 * An operand's data and flat stride against the broadcast output: stride 1 when it already fills the
 * output (same shape up to leading 1s), 0 when it is a single value, otherwise a broadcast copy.
 */
function strided(t: Tensor, shape: readonly number[], size: number): [TensorData, number] {
  if (t.size === size) return [t.data, 1];
  if (t.size === 1) return [t.data, 0];
  return [expand(t, shape).data, 1];
}

export function where(cond: Tensor, a: Tensor, b: Tensor): Tensor {
  const shape = broadcastConcrete([cond.shape, a.shape, b.shape]);
  const out = make(a.dtype, shape);
  const [cd, sc] = strided(cond, shape, out.size);
  const [ad, sa] = strided(a, shape, out.size);
  const [bd, sb] = strided(b, shape, out.size);
  const od = out.data;
  for (let i = 0; i < od.length; i++) od[i] = cd[i * sc] ? ad[i * sa]! : bd[i * sb]!;
  return out;
}

export function cast(x: Tensor, to: DType): Tensor {
  const out = make(to, x.shape);
  for (let i = 0; i < x.size; i++) {
    const v = x.data[i]!;
    out.data[i] = to === 'bool' ? (v !== 0 ? 1 : 0) : to === 'int32' ? Math.trunc(v) : v;
  }
  return out;
}

export function expand(x: Tensor, target: readonly number[]): Tensor {
  const shape = broadcastConcrete([x.shape, target]);
  const out = make(x.dtype, shape);
  const ix = broadcastIndex(x.shape, shape);
  for (let i = 0; i < out.size; i++) out.data[i] = x.data[ix[i]!]!;
  return out;
}

export function matmul(a: Tensor, b: Tensor): Tensor {
  const m = a.shape[a.rank - 2]!;
  const k = a.shape[a.rank - 1]!;
  const n = b.shape[b.rank - 1]!;
  const batch = broadcastConcrete([a.shape.slice(0, -2), b.shape.slice(0, -2)]);
  const out = make('float32', [...batch, m, n]);
  const ia = broadcastIndex(a.shape.slice(0, -2), batch);
  const ib = broadcastIndex(b.shape.slice(0, -2), batch);
  const batches = sizeOf(batch);
  const ad = a.data;
  const bd = b.data;
  const od = out.data;
  for (let t = 0; t < batches; t++) {
    const ao = ia[t]! * m * k;
    const bo = ib[t]! * k * n;
    const oo = t * m * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += ad[ao + i * k + p]! * bd[bo + p * n + j]!;
        od[oo + i * n + j] = s;
      }
    }
  }
  return out;
}

export function reduce(kind: 'sum' | 'max', x: Tensor, axes: readonly number[], keepDims: boolean): Tensor {
  const rank = x.rank;
  const norm = axes.map((a) => (a < 0 ? a + rank : a));
  const keptShape = x.shape.map((d, i) => (norm.includes(i) ? 1 : d));
  const out = make(x.dtype, keptShape);
  out.data.fill(kind === 'sum' ? 0 : Number.NEGATIVE_INFINITY);
  if (kind === 'max' && x.dtype === 'int32') out.data.fill(-2147483648);
  const outStrides = stridesOf(keptShape);
  const inStrides = stridesOf(x.shape);
  for (let flat = 0; flat < x.size; flat++) {
    let o = 0;
    let rem = flat;
    for (let axis = 0; axis < rank; axis++) {
      const idx = Math.floor(rem / inStrides[axis]!);
      rem -= idx * inStrides[axis]!;
      if (!norm.includes(axis)) o += idx * outStrides[axis]!;
    }
    const v = x.data[flat]!;
    if (kind === 'sum') out.data[o] = out.data[o]! + v;
    else if (v > out.data[o]! || Number.isNaN(v)) out.data[o] = v;
  }
  const finalShape = keepDims ? keptShape : x.shape.filter((_, i) => !norm.includes(i));
  return out.reshape(finalShape);
}

export function cumSum(x: Tensor, axis: number, exclusive: boolean, reverse: boolean): Tensor {
  const a = axis < 0 ? axis + x.rank : axis;
  const n = x.shape[a]!;
  const inner = sizeOf(x.shape.slice(a + 1));
  const outer = sizeOf(x.shape.slice(0, a));
  const out = make(x.dtype, x.shape);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let acc = 0;
      for (let step = 0; step < n; step++) {
        const j = reverse ? n - 1 - step : step;
        const idx = (o * n + j) * inner + i;
        const v = x.data[idx]!;
        if (exclusive) {
          out.data[idx] = acc;
          acc += v;
        } else {
          acc += v;
          out.data[idx] = acc;
        }
      }
    }
  }
  return out;
}

export function transpose(x: Tensor, perm: readonly number[]): Tensor {
  const shape = perm.map((p) => x.shape[p]!);
  const out = make(x.dtype, shape);
  const inStrides = stridesOf(x.shape);
  const permStrides = perm.map((p) => inStrides[p]!);
  const rank = shape.length;
  const index = new Array<number>(rank).fill(0);
  let src = 0;
  for (let flat = 0; flat < out.size; flat++) {
    out.data[flat] = x.data[src]!;
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis]!++;
      src += permStrides[axis]!;
      if (index[axis]! < shape[axis]!) break;
      src -= permStrides[axis]! * index[axis]!;
      index[axis] = 0;
    }
  }
  return out;
}

/** Copies a box of `x` (per-axis start and length) into a new tensor, one innermost run at a time. */
export function slice(x: Tensor, starts: readonly number[], lengths: readonly number[]): Tensor {
  const out = make(x.dtype, lengths);
  const rank = lengths.length;
  if (rank === 0) {
    out.data[0] = x.data[0]!;
    return out;
  }
  const inStrides = stridesOf(x.shape);
  const run = lengths[rank - 1]!;
  const rows = run === 0 ? 0 : out.size / run;
  for (let row = 0; row < rows; row++) {
    let src = starts[rank - 1]!;
    let rem = row;
    for (let axis = rank - 2; axis >= 0; axis--) {
      const idx = rem % lengths[axis]!;
      rem = (rem - idx) / lengths[axis]!;
      src += (idx + starts[axis]!) * inStrides[axis]!;
    }
    out.data.set(x.data.subarray(src, src + run), row * run);
  }
  return out;
}

export function pad(x: Tensor, pads: readonly (readonly [number, number])[], value: number): Tensor {
  const shape = x.shape.map((d, i) => d + pads[i]![0] + pads[i]![1]);
  const out = make(x.dtype, shape);
  out.data.fill(value);
  const rank = x.rank;
  if (rank === 0) {
    out.data[0] = x.data[0]!;
    return out;
  }
  const outStrides = stridesOf(shape);
  const run = x.shape[rank - 1]!;
  const rows = run === 0 ? 0 : x.size / run;
  for (let row = 0; row < rows; row++) {
    let dst = pads[rank - 1]![0];
    let rem = row;
    for (let axis = rank - 2; axis >= 0; axis--) {
      const idx = rem % x.shape[axis]!;
      rem = (rem - idx) / x.shape[axis]!;
      dst += (idx + pads[axis]![0]) * outStrides[axis]!;
    }
    out.data.set(x.data.subarray(row * run, row * run + run), dst);
  }
  return out;
}

export function concat(xs: readonly Tensor[], axis: number): Tensor {
  const first = xs[0]!;
  const a = axis < 0 ? axis + first.rank : axis;
  const shape = [...first.shape];
  shape[a] = xs.reduce((s, t) => s + t.shape[a]!, 0);
  const out = make(first.dtype, shape);
  const outer = sizeOf(shape.slice(0, a));
  const inner = sizeOf(shape.slice(a + 1));
  let offset = 0;
  for (const t of xs) {
    const len = t.shape[a]!;
    for (let o = 0; o < outer; o++) {
      const src = o * len * inner;
      const dst = (o * shape[a]! + offset) * inner;
      for (let i = 0; i < len * inner; i++) out.data[dst + i] = t.data[src + i]!;
    }
    offset += len;
  }
  return out;
}

export function gather(data: Tensor, indices: Tensor, axis: number): Tensor {
  const a = axis < 0 ? axis + data.rank : axis;
  const n = data.shape[a]!;
  const outer = sizeOf(data.shape.slice(0, a));
  const inner = sizeOf(data.shape.slice(a + 1));
  const shape = [...data.shape.slice(0, a), ...indices.shape, ...data.shape.slice(a + 1)];
  const out = make(data.dtype, shape);
  const count = indices.size;
  for (let k = 0; k < count; k++) {
    const idx = indices.data[k]!;
    if (idx < 0 || idx >= n)
      throw new InvalidInputValueError(`Gather: index ${idx} is out of range [0, ${n})`);
  }
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < count; k++) {
      const src = (o * n + indices.data[k]!) * inner;
      const dst = (o * count + k) * inner;
      for (let i = 0; i < inner; i++) out.data[dst + i] = data.data[src + i]!;
    }
  }
  return out;
}

export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  if (sizeOf(shape) !== x.size)
    throw new ShapeError(`Reshape: cannot reshape ${x.size} values to [${shape.join(', ')}]`);
  return new Tensor(x.dtype, shape, x.data);
}
