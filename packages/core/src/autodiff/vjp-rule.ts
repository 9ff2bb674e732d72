import type { GraphBuilder, Value } from '../ir/builder.js';
import type { OpAttrs, OpName } from '../ir/ops.js';

/** What a VJP rule sees: the forward node's values (already in the gradient graph) and its cotangent. */
export interface VjpContext<Op extends OpName = OpName> {
  readonly b: GraphBuilder;
  readonly inputs: readonly Value[];
  readonly output: Value;
  /** dLoss/dOutput, with the output's shape. */
  readonly cotangent: Value;
  readonly attrs: OpAttrs[Op];
  /** Which inputs need a cotangent; a rule should not build nodes for the others. */
  readonly needs: readonly boolean[];
}

/** Returns one cotangent per input (same shape as that input), or undefined where none is needed. */
export type VjpRule<Op extends OpName = OpName> = (ctx: VjpContext<Op>) => readonly (Value | undefined)[];

export type VjpRules = { readonly [Op in OpName]?: VjpRule<Op> };

/** Builds a cotangent only for the inputs that need one. */
export function forNeeded(
  needs: readonly boolean[],
  ...builders: readonly ((() => Value) | undefined)[]
): (Value | undefined)[] {
  return builders.map((build, i) => (needs[i] && build ? build() : undefined));
}
