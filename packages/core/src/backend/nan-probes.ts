import { GraphBuilder, type Value } from '../ir/builder.js';
import type { Graph, ValueInfo } from '../ir/graph.js';
import { replayedOutputs, replayGraph } from '../ir/replay-graph.js';
import type { Dim } from '../ir/shape.js';
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
 * Inputs in `skip` (fed with device tensors, which are never checked) get no probe; a host feed for
 * one is scanned on the host instead.
 */
export function withNanProbes(
  graph: Graph,
  minElements = NAN_PROBE_MIN_ELEMENTS,
  skip: readonly string[] = [],
): NanProbes {
  const probed = graph.inputs.filter((input) => {
    if (skip.includes(input.name)) return false;
    const info = graph.values[input.value]!;
    return info.dtype === 'float32' && mayReach(info, minElements);
  });
  const outputs = new Map<string, string>();
  if (probed.length === 0) return { graph, outputs };
  const b = new GraphBuilder();
  const mapped = replayGraph(b, graph);
  const named = replayedOutputs(graph, mapped);
  const taken = new Set([...graph.inputs, ...graph.outputs].map((v) => v.name));
  for (const input of probed) {
    let name = `nan_probe.${input.name}`;
    while (taken.has(name)) name = `_${name}`;
    named[name] = probeSum(b, mapped.get(input.value)!);
    outputs.set(input.name, name);
  }
  return { graph: b.build(named), outputs };
}

/**
 * The sum of all of x's elements. A static input is summed as [rows, 1024] rows first: ORT CPU's full
 * reduction of 4M floats took 1.4 ms, the row sums and their sum 0.6 ms.
 */
function probeSum(b: GraphBuilder, x: Value): Value {
  const count = staticElements(x.shape);
  if (count === undefined || count % ROW !== 0)
    return b.reduceSum(
      x,
      x.shape.map((_, axis) => axis),
      false,
    );
  return b.reduceSum(b.reduceSum(b.reshape(x, [count / ROW, ROW]), [1], false), [0], false);
}

const ROW = 1024;

/** Symbolic dims may bind to any size, so their inputs are probed too. */
function mayReach(info: ValueInfo, minElements: number): boolean {
  return (staticElements(info.shape) ?? minElements) >= minElements;
}

function staticElements(shape: readonly Dim[]): number | undefined {
  if (!shape.every((d) => typeof d === 'number')) return undefined;
  return (shape as readonly number[]).reduce((p, d) => p * d, 1);
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
    const values = probes.graph.inputs.find((i) => i.name === input)?.values;
    if (sum !== undefined && feed instanceof Tensor) rejectNaNFeed(input, feed, sum, values);
  }
}
