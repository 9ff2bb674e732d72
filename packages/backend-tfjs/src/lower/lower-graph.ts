import {
  branchScope,
  branchScopes,
  expandComposites,
  type Graph,
  type GraphNode,
  type OpAttrs,
  type OpName,
  OUTER_SCOPE,
  type ValueId,
} from '@constant-attention/core';
import * as tf from '@tensorflow/tfjs-core';
import { bindSymbols } from './bind-symbols.js';
import { NATIVE_COMPOSITES } from './native-composites.js';
import type { DeviceProfile } from './profiles/device-profile.js';
import { profileFor } from './profiles/profile-for.js';
import { runRule } from './rule-set.js';
import { constantTensor } from './rules/constant.js';
import type { RuleContext } from './rules/rule.js';

/** Constants a caller created once (e.g. an executable) and reuses across runs. */
export type ConstantTensors = ReadonlyMap<ValueId, tf.Tensor>;

/**
 * A graph ready to run as tfjs ops: composites expanded except the natively lowered ones. `execute`
 * issues the ops eagerly and must be called inside tf.tidy, tf.grad or similar.
 */
export class LoweredGraph {
  readonly graph: Graph;
  /** Which GuardedFastPath branch each node runs in (core's branchScopes); absent: always runs. */
  private readonly scopes: ReadonlyMap<ValueId, string>;

  /**
   * `branching` keeps GuardedFastPath: the guard is read mid-run and only the path it picks is issued.
   * Pass the device profile's `branching` (profiles/): on a GPU the composite expands to its exact path
   * and the guard and fast path are never built.
   */
  constructor(source: Graph, branching = false) {
    this.graph = expandComposites(
      source,
      (op) => NATIVE_COMPOSITES.has(op) || (branching && op === 'GuardedFastPath'),
    );
    this.scopes = branchScopes(this.graph);
  }

  get constantNodes(): readonly GraphNode<'Constant'>[] {
    return this.graph.nodes.filter((n): n is GraphNode<'Constant'> => n.op === 'Constant');
  }

  /** Creates every constant as a tfjs tensor (the caller owns and disposes them). */
  createConstants(): Map<ValueId, tf.Tensor> {
    return new Map(this.constantNodes.map((n) => [n.output, constantTensor(n.attrs as OpAttrs['Constant'])]));
  }

  /**
   * Inputs in graph input order; outputs in graph output order (possibly aliasing inputs or constants).
   * `differentiable` makes every int32/bool-valued node opaque to tfjs's tape (zero gradient), since
   * tfjs registers no gradient for comparisons and logic ops and would otherwise refuse to differentiate
   * through a mask. `profile` defaults to the active backend's: a graph function runs on whatever backend
   * is active when it is called.
   */
  execute(
    inputs: readonly tf.Tensor[],
    constants?: ConstantTensors,
    differentiable = false,
    profile: DeviceProfile = profileFor(tf.getBackend()),
  ): tf.Tensor[] {
    const resolve = bindSymbols(
      this.graph,
      inputs.map((t) => t.shape),
    );
    const env = new Map<ValueId, tf.Tensor>();
    this.graph.inputs.forEach((input, i) => env.set(input.value, inputs[i]!));
    this.runScope(OUTER_SCOPE, env, { resolve, constants, differentiable, profile });
    return this.graph.outputs.map((o) => env.get(o.value)!);
  }

  /** Issues the nodes of one scope (outside every branch, or one branch) in graph order. */
  private runScope(scope: string, env: Map<ValueId, tf.Tensor>, run: ScopeRun): void {
    for (const node of this.graph.nodes) {
      if ((this.scopes.get(node.output) ?? OUTER_SCOPE) !== scope) continue;
      if (node.op === 'GuardedFastPath') {
        env.set(node.output, this.runBranch(node, env, run));
        continue;
      }
      const held = node.op === 'Constant' ? run.constants?.get(node.output) : undefined;
      if (held) {
        env.set(node.output, held);
        continue;
      }
      const args = node.inputs.map((id) => env.get(id)!);
      const info = this.graph.values[node.output]!;
      const outShape = info.shape.map(run.resolve);
      const lower = (xs: readonly tf.Tensor[]) =>
        runRule(run.profile, ruleContext(run, node.op, node.attrs, xs, outShape));
      const opaque = run.differentiable && info.dtype !== 'float32' && args.length > 0;
      env.set(node.output, opaque ? withoutGradient(args, lower) : lower(args));
    }
  }

  /**
   * Reads the guard and issues only the path it picks. Both paths compute the same function where the
   * guard holds, so gradients through either agree.
   */
  private runBranch(node: GraphNode, env: Map<ValueId, tf.Tensor>, run: ScopeRun): tf.Tensor {
    const slot = env.get(node.inputs[0]!)!.dataSync()[0] ? 1 : 2;
    this.runScope(branchScope(node, slot), env, run);
    return env.get(node.inputs[slot]!)!;
  }
}

interface ScopeRun {
  readonly resolve: ReturnType<typeof bindSymbols>;
  readonly constants: ConstantTensors | undefined;
  readonly differentiable: boolean;
  readonly profile: DeviceProfile;
}

/** The context of one rule; `lower` re-enters the profile's passes and the table. */
function ruleContext<Op extends OpName>(
  run: ScopeRun,
  op: Op,
  attrs: OpAttrs[Op],
  inputs: readonly tf.Tensor[],
  outShape: readonly number[],
): RuleContext<Op> {
  return {
    op,
    attrs,
    inputs,
    outShape,
    resolve: run.resolve,
    lower: (other, otherAttrs, otherInputs, otherShape) =>
      runRule(run.profile, ruleContext(run, other, otherAttrs, otherInputs, otherShape)),
  };
}

/** Runs `op` as one tape node whose gradient is zero for every input (its inner ops are not recorded). */
function withoutGradient(inputs: readonly tf.Tensor[], op: (xs: tf.Tensor[]) => tf.Tensor): tf.Tensor {
  const wrapped = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const xs = args.slice(0, inputs.length) as tf.Tensor[];
    return { value: op(xs), gradFunc: () => xs.map((x) => tf.zerosLike(x)) };
  });
  return wrapped(...inputs);
}
