import type { GraphBuilder, Value } from '../ir/builder.js';
import { sumToShape } from './sum-to-shape.js';
import { forNeeded, type VjpRules } from './vjp-rule.js';

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * g * factor, but exactly 0 where g is 0. A where() that discards a branch sends it a zero cotangent;
 * without this, an infinite local derivative in the discarded branch (log at 0, exp overflow, x/0)
 * would turn that zero into 0 * inf = NaN and leak it into the selected branch's inputs.
 */
function scaleKeepingZeros(b: GraphBuilder, g: Value, scaled: Value): Value {
  return b.where(b.equal(g, 0), 0, scaled);
}

function asFloat(b: GraphBuilder, mask: Value): Value {
  return b.cast(mask, 'float32');
}

/**
 * Weight of the first operand of max/min: 1 where it wins, 1/2 on ties (the central finite
 * difference of max(a, b) at a == b, and what keeps the two weights summing to 1).
 */
function winnerWeight(b: GraphBuilder, wins: Value, ties: Value): Value {
  return b.add(asFloat(b, wins), b.mul(asFloat(b, ties), 0.5));
}

export const ELEMENTWISE_VJPS: VjpRules = {
  Neg: ({ b, cotangent: g }) => [b.neg(g)],
  // sign(x), with 0 at x == 0 (the subgradient torch and jax pick).
  Abs: ({ b, inputs: [x], cotangent: g }) => [
    b.mul(g, b.sub(asFloat(b, b.greater(x!, 0)), asFloat(b, b.less(x!, 0)))),
  ],
  Exp: ({ b, output: y, cotangent: g }) => [scaleKeepingZeros(b, g, b.mul(g, y))],
  Log: ({ b, inputs: [x], cotangent: g }) => [scaleKeepingZeros(b, g, b.div(g, x!))],
  Sqrt: ({ b, output: y, cotangent: g }) => [scaleKeepingZeros(b, g, b.div(g, b.mul(y, 2)))],
  Tanh: ({ b, output: y, cotangent: g }) => [b.mul(g, b.sub(1, b.mul(y, y)))],
  Erf: ({ b, inputs: [x], cotangent: g }) => [b.mul(g, b.mul(b.exp(b.neg(b.mul(x!, x!))), TWO_OVER_SQRT_PI))],
  Add: ({ b, inputs: [x, y], cotangent: g, needs }) =>
    forNeeded(
      needs,
      () => sumToShape(b, g, x!.shape),
      () => sumToShape(b, g, y!.shape),
    ),
  Sub: ({ b, inputs: [x, y], cotangent: g, needs }) =>
    forNeeded(
      needs,
      () => sumToShape(b, g, x!.shape),
      () => b.neg(sumToShape(b, g, y!.shape)),
    ),
  Mul: ({ b, inputs: [x, y], cotangent: g, needs }) =>
    forNeeded(
      needs,
      () => sumToShape(b, b.mul(g, y!), x!.shape),
      () => sumToShape(b, b.mul(g, x!), y!.shape),
    ),
  // d(x/y)/dy = -(x/y)/y = -out/y, which reuses the forward value.
  Div: ({ b, inputs: [x, y], output, cotangent: g, needs }) => {
    const quotient = b.div(g, y!);
    return forNeeded(
      needs,
      () => sumToShape(b, scaleKeepingZeros(b, g, quotient), x!.shape),
      () => sumToShape(b, scaleKeepingZeros(b, g, b.neg(b.mul(quotient, output))), y!.shape),
    );
  },
  // d/dexponent = out * log(base) only exists for base > 0; elsewhere it is taken as 0, and log
  // only ever sees positive values so no NaN is formed.
  Pow: ({ b, inputs: [base, exponent], output, cotangent: g, needs }) =>
    forNeeded(
      needs,
      () =>
        sumToShape(
          b,
          scaleKeepingZeros(b, g, b.mul(g, b.mul(exponent!, b.pow(base!, b.sub(exponent!, 1))))),
          base!.shape,
        ),
      () => {
        const positive = b.greater(base!, 0);
        const logBase = b.log(b.where(positive, base!, 1));
        const local = b.where(positive, b.mul(output, logBase), 0);
        return sumToShape(b, scaleKeepingZeros(b, g, b.mul(g, local)), exponent!.shape);
      },
    ),
  Maximum: ({ b, inputs: [x, y], cotangent: g, needs }) => {
    const gx = b.mul(g, winnerWeight(b, b.greater(x!, y!), b.equal(x!, y!)));
    return forNeeded(
      needs,
      () => sumToShape(b, gx, x!.shape),
      () => sumToShape(b, b.sub(g, gx), y!.shape),
    );
  },
  Minimum: ({ b, inputs: [x, y], cotangent: g, needs }) => {
    const gx = b.mul(g, winnerWeight(b, b.less(x!, y!), b.equal(x!, y!)));
    return forNeeded(
      needs,
      () => sumToShape(b, gx, x!.shape),
      () => sumToShape(b, b.sub(g, gx), y!.shape),
    );
  },
  // Only the selected branch receives the cotangent; the other gets exact zeros, never g * 0.
  Where: ({ b, inputs: [cond, x, y], cotangent: g, needs }) =>
    forNeeded(
      needs,
      undefined,
      () => sumToShape(b, b.where(cond!, g, 0), x!.shape),
      () => sumToShape(b, b.where(cond!, 0, g), y!.shape),
    ),
  // Only float -> float casts carry a gradient; casts to or from int/bool are never differentiated.
  Cast: ({ cotangent: g }) => [g],
};
