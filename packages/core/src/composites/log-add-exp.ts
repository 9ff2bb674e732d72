import type { GraphBuilder, Value } from '../ir/builder.js';
import { finiteShift } from './shift.js';

/** log(exp(a) + exp(b)), exact when either or both are -inf. */
export function logAddExpPrimitive(b: GraphBuilder, x: Value, y: Value): Value {
  const shift = finiteShift(b, b.maximum(x, y));
  return b.add(shift, b.log(b.add(b.exp(b.sub(x, shift)), b.exp(b.sub(y, shift)))));
}

export function decomposeLogAddExp(b: GraphBuilder, [x, y]: readonly Value[]): Value {
  return logAddExpPrimitive(b, x!, y!);
}
