import { GraphBuilder, type Value } from '../ir/builder.js';
import type { Graph, ValueId } from '../ir/graph.js';
import { type CompositeAttrs, type CompositeOp, isCompositeOp, type OpName } from '../ir/ops.js';
import {
  decomposeElu,
  decomposeGelu,
  decomposeRelu,
  decomposeSigmoid,
  decomposeSoftplus,
} from './activations.js';
import { decomposeLayerNorm } from './layer-norm.js';
import { decomposeLogAddExp } from './log-add-exp.js';
import { decomposeLogCumSumExp } from './log-cum-sum-exp.js';
import { decomposeLogSumExp } from './log-sum-exp.js';
import { decomposeReduceMean } from './reduce-mean.js';
import { decomposeFiniteShift } from './shift.js';
import { decomposeLogSoftmax, decomposeSoftmax } from './softmax.js';

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
};

/**
 * Rebuilds `graph` with every composite replaced by its decomposition, except those `keep` accepts
 * (ops the caller will lower natively). Input and output names are preserved.
 */
export function expandComposites(graph: Graph, keep: (op: CompositeOp) => boolean = () => false): Graph {
  const b = new GraphBuilder();
  const mapped = new Map<ValueId, Value>();
  for (const input of graph.inputs) {
    const info = graph.values[input.value]!;
    mapped.set(input.value, b.input(input.name, info.dtype, info.shape));
  }
  for (const node of graph.nodes) {
    const inputs = node.inputs.map((id) => mapped.get(id)!);
    const op: OpName = node.op;
    let out: Value;
    if (isCompositeOp(op) && !keep(op)) {
      const decompose = DECOMPOSITIONS[op] as Decomposition<CompositeOp>;
      out = decompose(b, inputs, node.attrs as CompositeAttrs[CompositeOp]);
    } else {
      out = b.node(op, inputs, node.attrs);
    }
    mapped.set(node.output, out);
  }
  const outputs: Record<string, Value> = {};
  for (const o of graph.outputs) outputs[o.name] = mapped.get(o.value)!;
  return b.build(outputs);
}
