import type { GraphBuilder, Value } from '../ir/builder.js';
import type { CompositeAttrs } from '../ir/ops.js';

export function decomposeGelu(
  b: GraphBuilder,
  [x]: readonly Value[],
  { approximate }: CompositeAttrs['Gelu'],
): Value {
  if (approximate === 'tanh') {
    const inner = b.mul(Math.sqrt(2 / Math.PI), b.add(x!, b.mul(0.044715, b.mul(x!, b.mul(x!, x!)))));
    return b.mul(b.mul(0.5, x!), b.add(1, b.tanh(inner)));
  }
  return b.mul(b.mul(0.5, x!), b.add(1, b.erf(b.mul(x!, Math.SQRT1_2))));
}

/** exp(-|x|) never overflows, so neither branch produces inf (or NaN in its gradient). */
export function decomposeSigmoid(b: GraphBuilder, [x]: readonly Value[]): Value {
  const e = b.exp(b.neg(b.abs(x!)));
  const denominator = b.add(1, e);
  return b.where(b.greaterEqual(x!, 0), b.div(1, denominator), b.div(e, denominator));
}

export function decomposeSoftplus(b: GraphBuilder, [x]: readonly Value[]): Value {
  return b.add(b.maximum(x!, 0), b.log(b.add(1, b.exp(b.neg(b.abs(x!))))));
}

/** ELU with alpha = 1; exp only sees min(x, 0) so the unused branch never overflows. */
export function decomposeElu(b: GraphBuilder, [x]: readonly Value[]): Value {
  return b.where(b.greater(x!, 0), x!, b.sub(b.exp(b.minimum(x!, 0)), 1));
}

export function decomposeRelu(b: GraphBuilder, [x]: readonly Value[]): Value {
  return b.maximum(x!, 0);
}
