import type { GraphBuilder, Value } from '../ir/builder.js';

/**
 * `exact`, or the cheaper `fast` where the bool scalar `guard` says they agree. The caller guarantees
 * that fast equals exact (within float32 rounding) whenever guard holds; a backend with control flow
 * (ORT on cpu and wasm: an If node) then computes the guard first and only one of the two, and every
 * other backend computes exact alone.
 */
export function guardedFastPath(b: GraphBuilder, guard: Value, fast: Value, exact: Value): Value {
  return b.node('GuardedFastPath', [guard, fast, exact], {});
}

/** Without control flow the guard and fast path are dead: build() drops them. */
export function decomposeGuardedFastPath(_b: GraphBuilder, [, , exact]: readonly Value[]): Value {
  return exact!;
}
