import { GraphBuilder, type Value } from '../ir/builder.js';
import type { Graph } from '../ir/graph.js';
import { type CompositeAttrs, type CompositeOp, isCompositeOp, type OpName } from '../ir/ops.js';
import { replayedOutputs, replayGraph } from '../ir/replay-graph.js';
import {
  decomposeElu,
  decomposeGelu,
  decomposeRelu,
  decomposeSigmoid,
  decomposeSoftplus,
} from './activations.js';
import { decomposeGuardedFastPath } from './guarded-fast-path.js';
import { decomposeLayerNorm } from './layer-norm.js';
import { decomposeLogAddExp } from './log-add-exp.js';
import { decomposeLogCumSumExp } from './log-cum-sum-exp.js';
import { decomposeLogSumExp } from './log-sum-exp.js';
import { decomposeReduceMean } from './reduce-mean.js';
import { decomposeScaledDotProductAttention } from './scaled-dot-product-attention.js';
import { decomposeFiniteShift } from './shift.js';
import { decomposeLogSoftmax, decomposeSoftmax } from './softmax.js';
import { decomposeStopGradient } from './stop-gradient.js';

type Decomposition<Op extends CompositeOp> = (
  b: GraphBuilder,
  inputs: readonly Value[],
  attrs: CompositeAttrs[Op],
) => Value;

/** The one definition of every composite; backends that do not lower a composite natively use these. */
export const DECOMPOSITIONS: { readonly [Op in CompositeOp]: Decomposition<Op> } = {
  LogSumExp: decomposeLogSumExp,
  LogCumSumExp: decomposeLogCumSumExp,
  LogAddExp: decomposeLogAddExp,
  Softmax: decomposeSoftmax,
  LogSoftmax: decomposeLogSoftmax,
  ReduceMean: decomposeReduceMean,
  LayerNorm: decomposeLayerNorm,
  Gelu: decomposeGelu,
  Sigmoid: decomposeSigmoid,
  Softplus: decomposeSoftplus,
  Elu: decomposeElu,
  Relu: decomposeRelu,
  FiniteShift: decomposeFiniteShift,
  StopGradient: decomposeStopGradient,
  GuardedFastPath: decomposeGuardedFastPath,
  ScaledDotProductAttention: decomposeScaledDotProductAttention,
};

/**
 * Rebuilds `graph` with every composite replaced by its decomposition, except those `keep` accepts
 * (ops the caller will lower natively). Input and output names are preserved. A decomposition may
 * itself use composites (ScaledDotProductAttention's Softmax, so autodiff keeps Softmax's own rule):
 * those not kept are expanded by another round.
 */
export function expandComposites(graph: Graph, keep: (op: CompositeOp) => boolean = () => false): Graph {
  let expanded = expandOnce(graph, keep);
  while (expanded.nodes.some((node) => isCompositeOp(node.op) && !keep(node.op))) {
    expanded = expandOnce(expanded, keep);
  }
  return expanded;
}

function expandOnce(graph: Graph, keep: (op: CompositeOp) => boolean): Graph {
  const b = new GraphBuilder();
  const mapped = replayGraph(b, graph, (builder, node, inputs) => {
    const op: OpName = node.op;
    if (!isCompositeOp(op) || keep(op)) return builder.node(op, inputs, node.attrs);
    const decompose = DECOMPOSITIONS[op] as Decomposition<CompositeOp>;
    return decompose(builder, inputs, node.attrs as CompositeAttrs[CompositeOp]);
  });
  return b.build(replayedOutputs(graph, mapped));
}
