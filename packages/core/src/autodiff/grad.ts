import { expandComposites } from '../composites/expand-composites.js';
import { DTypeError, GraphError, InvalidArgumentError, ShapeError } from '../errors.js';
import { GraphBuilder, type Value } from '../ir/builder.js';
import type { Graph, ValueId } from '../ir/graph.js';
import { replayGraph } from '../ir/replay-graph.js';
import { formatShape, sameShape } from '../ir/shape.js';
import { activeValues } from './active-values.js';
import type { VjpRule } from './vjp-rule.js';
import { hasOwnVjp, VJP_RULES } from './vjp-rules.js';

export interface GradOptions {
  /** Name of a graph output: a float32 value with exactly one element (e.g. shape [] or [1, 1]). */
  readonly of: string;
  /** Names of float32 graph inputs to differentiate with respect to. */
  readonly wrt: readonly string[];
}

/** Output name of the gradient with respect to input `name`. */
export const GRADIENT_PREFIX = 'grad.';

export function gradientName(input: string): string {
  return GRADIENT_PREFIX + input;
}

/** A new graph with the same inputs and outputs `grad.<input>` for every wrt input. */
export function grad(graph: Graph, options: GradOptions): Graph {
  return differentiate(graph, options, false);
}

/** Like grad, plus the differentiated value itself under its original output name. */
export function valueAndGrad(graph: Graph, options: GradOptions): Graph {
  return differentiate(graph, options, true);
}

function checkOptions(graph: Graph, { of, wrt }: GradOptions): void {
  const output = graph.outputs.find((o) => o.name === of);
  if (!output) {
    throw new InvalidArgumentError(
      `grad: '${of}' is not an output of the graph (outputs: ${graph.outputs.map((o) => o.name).join(', ')})`,
    );
  }
  const info = graph.values[output.value]!;
  if (info.dtype !== 'float32')
    throw new DTypeError(`grad: output '${of}' is ${info.dtype}, expected float32`);
  if (!info.shape.every((d) => d === 1)) {
    throw new ShapeError(`grad: output '${of}' must have one element, got shape ${formatShape(info.shape)}`);
  }
  if (wrt.length === 0) throw new InvalidArgumentError('grad: wrt names no inputs');
  if (new Set(wrt).size !== wrt.length)
    throw new InvalidArgumentError(`grad: wrt repeats an input (${wrt.join(', ')})`);
  for (const name of wrt) {
    const input = graph.inputs.find((i) => i.name === name);
    if (!input) {
      throw new InvalidArgumentError(
        `grad: wrt '${name}' is not an input of the graph (inputs: ${graph.inputs.map((i) => i.name).join(', ')})`,
      );
    }
    const dtype = graph.values[input.value]!.dtype;
    if (dtype !== 'float32')
      throw new DTypeError(`grad: wrt input '${name}' is ${dtype}; only float32 has gradients`);
  }
}

function differentiate(original: Graph, options: GradOptions, withValue: boolean): Graph {
  checkOptions(original, options);
  // Composites without their own rule are differentiated through their decomposition.
  const graph = expandComposites(original, hasOwnVjp);
  const b = new GraphBuilder();
  const forward = replayGraph(b, graph);

  const loss = graph.outputs.find((o) => o.name === options.of)!.value;
  const wrtIds = options.wrt.map((name) => graph.inputs.find((i) => i.name === name)!.value);
  const active = activeValues(graph, new Set(wrtIds), loss);
  const lossValue = forward.get(loss)!;
  const cotangents = new Map<ValueId, Value>([[loss, b.expand(b.scalar(1), lossValue.shape)]]);

  for (let n = graph.nodes.length - 1; n >= 0; n--) {
    const node = graph.nodes[n]!;
    const cotangent = cotangents.get(node.output);
    if (!cotangent || !active.has(node.output)) continue;
    const rule = VJP_RULES[node.op] as VjpRule | undefined;
    if (!rule) throw new GraphError(`grad: no gradient rule for op '${node.op}'`);
    const inputs = node.inputs.map((id) => forward.get(id)!);
    const needs = node.inputs.map((id) => active.has(id));
    const contributions = rule({
      b,
      inputs,
      output: forward.get(node.output)!,
      cotangent,
      attrs: node.attrs,
      needs,
    });
    node.inputs.forEach((id, i) => {
      const contribution = contributions[i];
      if (!needs[i] || !contribution) return;
      if (!sameShape(contribution.shape, inputs[i]!.shape)) {
        throw new GraphError(
          `grad: the ${node.op} rule gave input ${i} a cotangent of shape ${formatShape(contribution.shape)}, expected ${formatShape(inputs[i]!.shape)}`,
        );
      }
      const previous = cotangents.get(id);
      cotangents.set(id, previous ? b.add(previous, contribution) : contribution);
    });
  }

  const outputs: Record<string, Value> = withValue ? { [options.of]: lossValue } : {};
  options.wrt.forEach((name, i) => {
    const input = forward.get(wrtIds[i]!)!;
    outputs[gradientName(name)] = cotangents.get(wrtIds[i]!) ?? b.expand(b.scalar(0), input.shape);
  });
  return b.build(outputs);
}
