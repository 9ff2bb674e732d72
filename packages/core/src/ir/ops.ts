import type { DType } from './dtype.js';
import type { Dim } from './shape.js';

/**
 * The closed primitive op set. Every backend lowers exactly these; anything richer is a composite
 * (see composites/) that a backend may lower natively or expand into these primitives.
 */
export interface PrimitiveAttrs {
  Constant: {
    readonly value: Float64Array | Int32Array | Uint8Array;
    readonly dtype: DType;
    readonly shape: readonly number[];
  };
  /** 0, 1, ..., length-1; `length` may be symbolic so causal masks work for any sequence length. */
  Iota: { readonly length: Dim; readonly dtype: 'float32' | 'int32' };
  Neg: Record<string, never>;
  Abs: Record<string, never>;
  Exp: Record<string, never>;
  Log: Record<string, never>;
  Sqrt: Record<string, never>;
  Tanh: Record<string, never>;
  Erf: Record<string, never>;
  Not: Record<string, never>;
  Add: Record<string, never>;
  Sub: Record<string, never>;
  Mul: Record<string, never>;
  Div: Record<string, never>;
  Pow: Record<string, never>;
  Maximum: Record<string, never>;
  Minimum: Record<string, never>;
  Less: Record<string, never>;
  LessEqual: Record<string, never>;
  Greater: Record<string, never>;
  GreaterEqual: Record<string, never>;
  Equal: Record<string, never>;
  And: Record<string, never>;
  Or: Record<string, never>;
  Where: Record<string, never>;
  Cast: { readonly to: DType };
  /** Batched matrix product over the last two axes, numpy broadcasting over the leading ones. Rank >= 2. */
  MatMul: Record<string, never>;
  ReduceSum: { readonly axes: readonly number[]; readonly keepDims: boolean };
  ReduceMax: { readonly axes: readonly number[]; readonly keepDims: boolean };
  CumSum: { readonly axis: number; readonly exclusive: boolean; readonly reverse: boolean };
  /** Target shape; at most one -1. Symbolic entries must be dims of the input (their product is checked). */
  Reshape: { readonly shape: readonly Dim[] };
  Transpose: { readonly perm: readonly number[] };
  /** Half-open ranges [start, end) along the given axes, step 1; `end` may be a symbolic dim. */
  Slice: {
    readonly axes: readonly number[];
    readonly starts: readonly number[];
    readonly ends: readonly Dim[];
  };
  Concat: { readonly axis: number };
  /** [before, after] per axis, constant fill (may be -Infinity). */
  Pad: { readonly pads: readonly (readonly [number, number])[]; readonly value: number };
  /** Inputs (data, indices:int32); out shape = data[:axis] + indices + data[axis+1:]. */
  Gather: { readonly axis: number };
  /**
   * Inputs (data, indices:int32 [K], updates [K, ...data[1:]]): data with updates[k] added to row
   * indices[k] along axis 0, duplicates summed. Gather's gradient: a sparse scatter instead of a
   * one-hot matmul over every row.
   */
  ScatterAdd: Record<string, never>;
  /** Broadcast to a shape. */
  Expand: { readonly shape: readonly Dim[] };
}

export type PrimitiveOp = keyof PrimitiveAttrs;

export const UNARY_FLOAT_OPS = ['Neg', 'Abs', 'Exp', 'Log', 'Sqrt', 'Tanh', 'Erf'] as const;
export const BINARY_ARITH_OPS = ['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Maximum', 'Minimum'] as const;
export const COMPARE_OPS = ['Less', 'LessEqual', 'Greater', 'GreaterEqual', 'Equal'] as const;
export const LOGIC_OPS = ['And', 'Or'] as const;

export type UnaryFloatOp = (typeof UNARY_FLOAT_OPS)[number];
export type BinaryArithOp = (typeof BINARY_ARITH_OPS)[number];
export type CompareOp = (typeof COMPARE_OPS)[number];
export type LogicOp = (typeof LOGIC_OPS)[number];

/**
 * Composites: defined once as decompositions into primitives (composites/), so every backend agrees
 * on their numerics unless it lowers one natively and is at least as stable.
 */
export interface CompositeAttrs {
  /** Max-shifted; rows that are entirely -inf give -inf exactly. */
  LogSumExp: { readonly axes: readonly number[]; readonly keepDims: boolean };
  /** Exact for finite inputs and -inf entries (log-depth scan of logaddexp, no global shift). */
  LogCumSumExp: { readonly axis: number; readonly exclusive: boolean; readonly reverse: boolean };
  LogAddExp: Record<string, never>;
  /**
   * Rows that are entirely -inf give zeros, not NaN. `finiteRows`: the graph guarantees that no row
   * is entirely -inf for finite inputs (attention with a causal mask sees its diagonal), so a backend
   * may use a kernel that gives NaN there.
   */
  Softmax: { readonly axis: number; readonly finiteRows?: boolean };
  LogSoftmax: { readonly axis: number };
  ReduceMean: { readonly axes: readonly number[]; readonly keepDims: boolean };
  /** Inputs (x, gamma, beta); normalizes over the last axis with population variance. */
  LayerNorm: { readonly eps: number };
  Gelu: { readonly approximate: 'none' | 'tanh' };
  Sigmoid: Record<string, never>;
  Softplus: Record<string, never>;
  Elu: Record<string, never>;
  Relu: Record<string, never>;
  /**
   * A finite stand-in for a max m that is only subtracted from values it bounds, as in exp(x - shift):
   * m where m > -inf; where m = -inf, any finite value (0 in the decomposition), so that x = -inf gives
   * exp(-inf) = 0 rather than exp(NaN).
   */
  FiniteShift: Record<string, never>;
  /**
   * The input, which autodiff treats as a constant (no cotangent flows through it). Only for values the
   * differentiated output does not depend on, such as a max used as a shift that cancels.
   */
  StopGradient: Record<string, never>;
  /**
   * Inputs (guard, fast, exact): the value `exact`, which `fast` equals (within float32 rounding)
   * wherever the bool scalar `guard` holds; the graph that builds them guarantees that. The
   * decomposition is `exact` alone (fast and guard are dropped); a backend with control flow may
   * branch on guard and compute only one of the two.
   */
  GuardedFastPath: Record<string, never>;
  /**
   * Inputs (q [b, h, n_q, dk], k [b, h, n_k, dk], v [b, h, n_k, dv]): softmax(q k^T * scale) v, the
   * softmax over the last axis with core's Softmax semantics. `causal` needs n_q = n_k and lets query
   * i see keys 0..i.
   */
  ScaledDotProductAttention: { readonly scale: number; readonly causal: boolean };
}

export type CompositeOp = keyof CompositeAttrs;
export type OpAttrs = PrimitiveAttrs & CompositeAttrs;
export type OpName = keyof OpAttrs;

export const COMPOSITE_OPS: readonly CompositeOp[] = [
  'LogSumExp',
  'LogCumSumExp',
  'LogAddExp',
  'Softmax',
  'LogSoftmax',
  'ReduceMean',
  'LayerNorm',
  'Gelu',
  'Sigmoid',
  'Softplus',
  'Elu',
  'Relu',
  'FiniteShift',
  'StopGradient',
  'GuardedFastPath',
  'ScaledDotProductAttention',
];

export function isCompositeOp(op: string): op is CompositeOp {
  return (COMPOSITE_OPS as readonly string[]).includes(op);
}
