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
import { sigmoid } from './sigmoid.js';
import { slice } from './slice.js';
import { softplus } from './softplus.js';
import { sqrt } from './sqrt.js';
import { sub } from './sub.js';
import { tanh } from './tanh.js';
import { transpose } from './transpose.js';
import { where } from './where.js';

/**
 * Every primitive, and the composites whose tfjs op is as stable as core's decomposition (the rest are
 * expanded). Deliberately not here: LogSumExp / Softmax / LogSoftmax (tfjs subtracts the raw max, so a
 * row that is entirely -inf gives NaN where core gives -inf / zeros), LogCumSumExp and LogAddExp (no
 * tfjs op), Gelu (no tfjs op), LayerNorm (no single tfjs op), FiniteShift (its Equal and Where are what
 * tfjs would run anyway), GuardedFastPath (branched by the graph runner on host profiles, lower-graph.ts).
 */
export const RULES: RuleTable = {
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
  ReduceMean: reduceMean,
  Relu: relu,
  Elu: elu,
  Sigmoid: sigmoid,
  Softplus: softplus,
};
