import type { OpAttrs, OpName } from '@constant-attention/core';
import type * as tf from '@tensorflow/tfjs-core';
import type { DimResolver } from '../bind-symbols.js';

/** What one rule sees of the node it runs. Rules issue tfjs ops eagerly, inside the caller's tidy. */
export interface RuleContext<Op extends OpName = OpName> {
  readonly op: Op;
  readonly attrs: OpAttrs[Op];
  readonly inputs: readonly tf.Tensor[];
  /** The node's output shape with symbols bound. */
  readonly outShape: readonly number[];
  readonly resolve: DimResolver;
  /**
   * Runs another op through the same table, passes first: a rule built of other ops keeps every device
   * choice of the profile (a rank-6 reduction done on a 2-D view still gets webgl's exact max).
   */
  lower<Other extends OpName>(
    op: Other,
    attrs: OpAttrs[Other],
    inputs: readonly tf.Tensor[],
    outShape: readonly number[],
  ): tf.Tensor;
}

export type LoweringRule<Op extends OpName = OpName> = (ctx: RuleContext<Op>) => tf.Tensor;

/** A device's alternative to a rule: undefined where it does not apply, and the next pass or the rule runs. */
export type RewriteRule<Op extends OpName = OpName> = (ctx: RuleContext<Op>) => tf.Tensor | undefined;

export type RuleTable = { readonly [Op in OpName]?: LoweringRule<Op> };
export type RewriteTable = { readonly [Op in OpName]?: RewriteRule<Op> };

/** A named set of rewrites a device profile applies before the rule table (see profiles/). */
export interface RewritePass {
  readonly name: string;
  readonly rules: RewriteTable;
}
