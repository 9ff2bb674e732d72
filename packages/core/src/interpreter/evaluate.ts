import { validateFeeds } from '../backend/validate-feeds.js';
import { expandComposites } from '../composites/expand-composites.js';
import { InvalidArgumentError } from '../errors.js';
import type { Graph, GraphNode } from '../ir/graph.js';
import type { OpAttrs } from '../ir/ops.js';
import { type Dim, resolveDim } from '../ir/shape.js';
import { Tensor } from '../tensor/tensor.js';
import * as k from './kernels.js';
import { scatterAdd } from './scatter-add.js';

export interface EvaluateOptions {
  /** Reject NaN in feeds (default true). */
  readonly rejectNaN?: boolean;
}

/**
 * The float64 reference interpreter: runs any graph on the host, holding float32 values in Float64Array.
 * Composites run through their decompositions, so it checks those decompositions too. It is the oracle
 * every backend is tested against, and is written for clarity, not speed.
 */
export function evaluate(
  graph: Graph,
  feeds: Readonly<Record<string, Tensor>>,
  options: EvaluateOptions = {},
): Record<string, Tensor> {
  const bindings = validateFeeds(graph, feeds, options);
  const primitive = expandComposites(graph);
  const resolve = (d: Dim): number => resolveDim(d, bindings);
  const env = new Map<number, Tensor>();
  for (const input of primitive.inputs) {
    const t = feeds[input.name]!;
    env.set(input.value, t.dtype === 'float32' ? t.toFloat64() : t);
  }
  for (const node of primitive.nodes) {
    const inputs = node.inputs.map((id) => env.get(id)!);
    env.set(node.output, run(node, inputs, resolve));
  }
  const out: Record<string, Tensor> = {};
  for (const o of primitive.outputs) out[o.name] = env.get(o.value)!;
  return out;
}

function run(node: GraphNode, x: readonly Tensor[], resolve: (d: Dim) => number): Tensor {
  const a = x[0]!;
  switch (node.op) {
    case 'Constant': {
      const attrs = node.attrs as OpAttrs['Constant'];
      const out = k.make(attrs.dtype, attrs.shape);
      out.data.set(attrs.value);
      return out;
    }
    case 'Iota': {
      const attrs = node.attrs as OpAttrs['Iota'];
      const n = resolve(attrs.length);
      const out = k.make(attrs.dtype, [n]);
      for (let i = 0; i < n; i++) out.data[i] = i;
      return out;
    }
    case 'Neg':
    case 'Abs':
    case 'Exp':
    case 'Log':
    case 'Sqrt':
    case 'Tanh':
    case 'Erf':
    case 'Not':
      return k.unary(node.op, a);
    case 'Add':
    case 'Sub':
    case 'Mul':
    case 'Div':
    case 'Pow':
    case 'Maximum':
    case 'Minimum':
      return k.binary(node.op, a, x[1]!, a.dtype);
    case 'Less':
    case 'LessEqual':
    case 'Greater':
    case 'GreaterEqual':
    case 'Equal':
    case 'And':
    case 'Or':
      return k.binary(node.op, a, x[1]!, 'bool');
    case 'Where':
      return k.where(a, x[1]!, x[2]!);
    case 'Cast':
      return k.cast(a, (node.attrs as OpAttrs['Cast']).to);
    case 'MatMul':
      return k.matmul(a, x[1]!);
    case 'ReduceSum':
    case 'ReduceMax': {
      const attrs = node.attrs as OpAttrs['ReduceSum'];
      return k.reduce(node.op === 'ReduceSum' ? 'sum' : 'max', a, attrs.axes, attrs.keepDims);
    }
    case 'CumSum': {
      const attrs = node.attrs as OpAttrs['CumSum'];
      return k.cumSum(a, attrs.axis, attrs.exclusive, attrs.reverse);
    }
    case 'Reshape': {
      const target = (node.attrs as OpAttrs['Reshape']).shape;
      const known = target.filter((d) => d !== -1).map(resolve);
      const product = known.reduce((p, d) => p * d, 1);
      return k.reshape(
        a,
        target.map((d) => (d === -1 ? a.size / product : resolve(d))),
      );
    }
    case 'Transpose':
      return k.transpose(a, (node.attrs as OpAttrs['Transpose']).perm);
    case 'Slice': {
      const attrs = node.attrs as OpAttrs['Slice'];
      const starts = a.shape.map(() => 0);
      const lengths = [...a.shape];
      attrs.axes.forEach((attrAxis, i) => {
        // GraphBuilder.slice normalizes axes, but nodes added through node() may still be negative.
        const axis = attrAxis < 0 ? attrAxis + a.rank : attrAxis;
        starts[axis] = attrs.starts[i]!;
        lengths[axis] = resolve(attrs.ends[i]!) - attrs.starts[i]!;
      });
      return k.slice(a, starts, lengths);
    }
    case 'Concat':
      return k.concat(x, (node.attrs as OpAttrs['Concat']).axis);
    case 'Pad': {
      const attrs = node.attrs as OpAttrs['Pad'];
      return k.pad(a, attrs.pads, attrs.value);
    }
    case 'Gather':
      return k.gather(a, x[1]!, (node.attrs as OpAttrs['Gather']).axis);
    case 'ScatterAdd':
      return scatterAdd(a, x[1]!, x[2]!);
    case 'Expand':
      return k.expand(a, (node.attrs as OpAttrs['Expand']).shape.map(resolve));
    default:
      throw new InvalidArgumentError(`reference interpreter: no kernel for op '${node.op}'`);
  }
}

export { Tensor };
