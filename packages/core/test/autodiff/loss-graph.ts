import { type Graph, GraphBuilder, type Value } from '../../src/index.js';
import { replayGraph } from '../../src/ir/replay-graph.js';
import { seededRandom } from './finite-differences.js';

/**
 * sum(y * w) with fixed random weights w: every output entry matters, each with its own weight, so
 * a gradient routed to the wrong entry cannot cancel out.
 */
export function weightedSum(b: GraphBuilder, y: Value, seed = 7): Value {
  const shape = y.shape as number[];
  const size = shape.reduce((p, d) => p * d, 1);
  const random = seededRandom(seed);
  const w = b.constant(
    Array.from({ length: size }, () => 0.5 + random()),
    shape,
  );
  return b.reduceSum(
    b.mul(y, w),
    shape.map((_, i) => i),
  );
}

/** A graph with float32 inputs of the given shapes and output `loss` = weightedSum(body(...)). */
export function lossGraph(
  shapes: Readonly<Record<string, readonly number[]>>,
  body: (b: GraphBuilder, inputs: Record<string, Value>) => Value,
): Graph {
  const b = new GraphBuilder();
  const inputs: Record<string, Value> = {};
  for (const [name, shape] of Object.entries(shapes)) inputs[name] = b.input(name, 'float32', shape);
  return b.build({ loss: weightedSum(b, body(b, inputs)) });
}

/**
 * Copies `graph` into a new builder and appends loss = weightedSum(output), optionally with -inf
 * output entries (log 0) mapped to 0 first.
 */
export function withWeightedLoss(
  graph: Graph,
  output: string,
  options: { dropNegInf?: boolean } = {},
): Graph {
  const b = new GraphBuilder();
  const mapped = replayGraph(b, graph);
  let out = mapped.get(graph.outputs.find((o) => o.name === output)!.value)!;
  if (options.dropNegInf) out = b.where(b.equal(out, Number.NEGATIVE_INFINITY), 0, out);
  return b.build({ loss: weightedSum(b, out, 11) });
}
