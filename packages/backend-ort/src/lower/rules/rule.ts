import type { Dim, OpAttrs, OpName } from '@constant-attention/core';
import type { OnnxElemType, OnnxGraph } from '../../onnx/onnx-types.js';
import type { OnnxEmitter } from '../onnx-emitter.js';

/** An ONNX value's type: core's dtypes, plus uint8 for the byte views some rules go through. */
export interface OnnxValueType {
  readonly dtype: OnnxElemType;
  readonly shape: readonly Dim[];
}

/** What one rule sees of the node it lowers. */
export interface RuleContext<Op extends OpName = OpName> {
  readonly emitter: OnnxEmitter;
  readonly op: Op;
  readonly attrs: OpAttrs[Op];
  /** ONNX names of the node's inputs, in core's order. */
  readonly inputs: readonly string[];
  readonly inputInfo: readonly OnnxValueType[];
  readonly outputInfo: OnnxValueType;
  /**
   * Lowers another op through the same table, passes first: a rule built of other ops keeps every
   * device choice of the profile (a Maximum made of Where still gets WebGPU's expanded Where).
   */
  lower<Other extends OpName>(
    op: Other,
    attrs: OpAttrs[Other],
    inputs: readonly string[],
    inputInfo: readonly OnnxValueType[],
    outputInfo: OnnxValueType,
  ): string;
  /** The subgraph computing input `slot` of this node in its own branch scope (GuardedFastPath only). */
  branch(slot: 1 | 2, name: string): OnnxGraph;
}

/** Emits the ONNX nodes of one core op and returns the name holding its result. */
export type LoweringRule<Op extends OpName = OpName> = (ctx: RuleContext<Op>) => string;

/** A device's alternative to a rule: undefined where it does not apply, and the next pass or the rule runs. */
export type RewriteRule<Op extends OpName = OpName> = (ctx: RuleContext<Op>) => string | undefined;

export type RuleTable = { readonly [Op in OpName]?: LoweringRule<Op> };
export type RewriteTable = { readonly [Op in OpName]?: RewriteRule<Op> };

/** A named set of rewrites a device profile applies before the rule table (see profiles/). */
export interface RewritePass {
  readonly name: string;
  readonly rules: RewriteTable;
}
