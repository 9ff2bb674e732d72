import { abs } from './abs.js';
import { add } from './add.js';
import { logicalAnd } from './and.js';
import { cast } from './cast.js';
import { concat } from './concat.js';
import { constant } from './constant.js';
import { cumSum } from './cum-sum.js';
import { div } from './div.js';
import { elu } from './elu.js';
import { equal } from './equal.js';
import { erf } from './erf.js';
import { exp } from './exp.js';
import { expand } from './expand.js';
import { gather } from './gather.js';
import { GELU_SINCE_OPSET, gelu } from './gelu.js';
import { greater } from './greater.js';
import { greaterEqual } from './greater-equal.js';
import { iota } from './iota.js';
import { less } from './less.js';
import { lessEqual } from './less-equal.js';
import { log } from './log.js';
import { matMul } from './mat-mul.js';
import { maximum } from './maximum.js';
import { minimum } from './minimum.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import { logicalNot } from './not.js';
import { logicalOr } from './or.js';
import { pad } from './pad.js';
import { pow } from './pow.js';
import { reduceMax } from './reduce-max.js';
import { reduceMean } from './reduce-mean.js';
import { reduceSum } from './reduce-sum.js';
import { relu } from './relu.js';
import { reshape } from './reshape.js';
import type { RuleTable } from './rule.js';
import { scatterAdd } from './scatter-add.js';
import { slice } from './slice.js';
import { sqrt } from './sqrt.js';
import { sub } from './sub.js';
import { tanh } from './tanh.js';
import { transpose } from './transpose.js';
import { where } from './where.js';

/**
 * Every primitive, and the composites whose ONNX op matches core's definition exactly and is at least
 * as stable. Composites without a rule here (or in a pass of the device profile) are expanded with
 * core's decompositions first:
 * - Softmax/LogSoftmax: ONNX gives NaN for an all -inf row; core gives 0 / -inf.
 * - LogSumExp: ReduceLogSumExp is not max-shifted on the WebGPU EP.
 * - LogCumSumExp, LogAddExp: no ONNX op.
 * - LayerNorm: ORT's CPU kernel is accurate, but the WebGPU kernel takes the variance in one pass
 *   (E[x^2] - E[x]^2, cancelling on large-mean rows) and a lowering must hold on every EP.
 * - Sigmoid: ORT's CPU kernel flushes sigmoid(-30) to 0; Softplus is kept decomposed for the same
 *   every-EP reason.
 * - FiniteShift, GuardedFastPath: only where a profile's pass lowers them (passes/).
 * - ScaledDotProductAttention: a contrib-domain kernel that not every EP has; the fused-attention pass
 *   of the cpu and wasm profiles lowers it (passes/fused-attention.ts).
 */
const RULES: RuleTable = {
  Constant: constant,
  Iota: iota,
  Neg: neg,
  Abs: abs,
  Exp: exp,
  Log: log,
  Sqrt: sqrt,
  Tanh: tanh,
  Erf: erf,
  Not: logicalNot,
  Add: add,
  Sub: sub,
  Mul: mul,
  Div: div,
  Pow: pow,
  Maximum: maximum,
  Minimum: minimum,
  Less: less,
  LessEqual: lessEqual,
  Greater: greater,
  GreaterEqual: greaterEqual,
  Equal: equal,
  And: logicalAnd,
  Or: logicalOr,
  Where: where,
  Cast: cast,
  MatMul: matMul,
  ReduceSum: reduceSum,
  ReduceMax: reduceMax,
  CumSum: cumSum,
  Reshape: reshape,
  Transpose: transpose,
  Slice: slice,
  Concat: concat,
  Pad: pad,
  Gather: gather,
  ScatterAdd: scatterAdd,
  Expand: expand,
  Relu: relu,
  Elu: elu,
  ReduceMean: reduceMean,
};

/** The rule table for one opset of the default domain. */
export function rulesFor(opset: number): RuleTable {
  return opset >= GELU_SINCE_OPSET ? { ...RULES, Gelu: gelu } : RULES;
}
