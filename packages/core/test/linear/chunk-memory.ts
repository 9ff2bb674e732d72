import { expandComposites, type Graph, shapeSize } from '../../src/index.js';

/** The largest value any node produces, after composites are expanded into primitives. */
export function largestIntermediate(graph: Graph): { size: number; shape: readonly (number | string)[] } {
  const primitive = expandComposites(graph);
  let largest = { size: 0, shape: [] as readonly (number | string)[] };
  for (const node of primitive.nodes) {
    const shape = primitive.values[node.output]!.shape;
    const size = shapeSize(shape);
    if (size > largest.size) largest = { size, shape };
  }
  return largest;
}
