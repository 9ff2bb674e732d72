import type { Graph, GraphNode, NamedValue, ValueInfo } from '../ir/graph.js';
import { Tensor } from '../tensor/tensor.js';
import { rejectNaNFeed } from './validate-feeds.js';

/**
 * Inputs with at least this many elements (or a symbolic dim) get a probe. The NaN check of a host feed
 * sums it in JavaScript at about 1 G elements/s on one thread: 8-15 ms for the q, k, v of an
 * 8192-token, 8-head layer, where a backend's own multi-threaded sum takes 1-3 ms. Below this size the
 * JavaScript sum is cheaper than one more kernel launch.
 */
export const NAN_PROBE_MIN_ELEMENTS = 1 << 16;

export interface NanProbes {
  /** The graph with one extra output per probed input: the float32 sum of all its elements. */
  readonly graph: Graph;
  /** Probed input name -> its probe's output name. */
  readonly outputs: ReadonlyMap<string, string>;
}

/**
 * Lets a backend check large float32 feeds for NaN inside its own run: each gets a ReduceSum output, and
 * checkNanProbes reads those sums after the run. A NaN feed then costs one wasted run, but a clean one
 * costs a fraction of the JavaScript scan. Output names are prefixed so they cannot meet the graph's.
 */
export function withNanProbes(graph: Graph, minElements = NAN_PROBE_MIN_ELEMENTS): NanProbes {
  const values: ValueInfo[] = [...graph.values];
  const nodes: GraphNode[] = [...graph.nodes];
  const extra: NamedValue[] = [];
  const outputs = new Map<string, string>();
  const taken = new Set([...graph.inputs, ...graph.outputs].map((v) => v.name));
  for (const input of graph.inputs) {
    const info = graph.values[input.value]!;
    if (info.dtype !== 'float32' || !mayReach(info, minElements)) continue;
    let name = `nan_probe.${input.name}`;
    while (taken.has(name)) name = `_${name}`;
    const id = probeSum(values, nodes, input.value, info);
    extra.push({ name, value: id });
    outputs.set(input.name, name);
  }
  if (extra.length === 0) return { graph, outputs };
  return { graph: { ...graph, values, nodes, outputs: [...graph.outputs, ...extra] }, outputs };
}

/**
 * Appends the nodes of one probe and returns its scalar's id. A static input is summed as [rows, 1024]
 * rows first: ORT CPU's full reduction of 4M floats took 1.4 ms, the row sums and their sum 0.6 ms.
 */
function probeSum(values: ValueInfo[], nodes: GraphNode[], input: number, info: ValueInfo): number {
  const add = (op: GraphNode['op'], from: number, shape: readonly number[], attrs: GraphNode['attrs']) => {
    const id = values.length;
    values.push({ id, dtype: 'float32', shape });
    nodes.push({ op, inputs: [from], output: id, attrs } as GraphNode);
    return id;
  };
  const count = info.shape.every((d) => typeof d === 'number')
    ? (info.shape as readonly number[]).reduce((p, d) => p * d, 1)
    : 0;
  if (count === 0 || count % ROW !== 0) {
    const axes = info.shape.map((_, axis) => axis);
    return add('ReduceSum', input, [], { axes, keepDims: false });
  }
  const rows = add('Reshape', input, [count / ROW, ROW], { shape: [count / ROW, ROW] });
  const rowSums = add('ReduceSum', rows, [count / ROW], { axes: [1], keepDims: false });
  return add('ReduceSum', rowSums, [], { axes: [0], keepDims: false });
}

const ROW = 1024;

function mayReach(info: ValueInfo, minElements: number): boolean {
  if (info.shape.some((d) => typeof d !== 'number')) return true;
  return (info.shape as readonly number[]).reduce((p, d) => p * d, 1) >= minElements;
}

/**
 * Throws InvalidInputValueError, as validateFeeds would, for the first probed host feed that holds a NaN.
 * `sums` are the probe outputs of the run; device-tensor feeds are not checked, as in validateFeeds.
 */
export function checkNanProbes(
  probes: NanProbes,
  feeds: Readonly<Record<string, unknown>>,
  sums: ReadonlyMap<string, number>,
): void {
  for (const [input, output] of probes.outputs) {
    const feed = feeds[input];
    const sum = sums.get(output);
    if (sum !== undefined && feed instanceof Tensor) rejectNaNFeed(input, feed, sum);
  }
}
