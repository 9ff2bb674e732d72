import { type Dim, type Graph, resolveDim, ShapeError, symbolSources } from '@constant-attention/core';

export type DimResolver = (dim: Dim) => number;

/** Binds every symbolic dim from the actual shapes of the inputs, in graph input order. */
export function bindSymbols(graph: Graph, inputShapes: readonly (readonly number[])[]): DimResolver {
  const bindings = new Map<string, number>();
  const index = new Map(graph.inputs.map((input, i) => [input.name, i]));
  for (const [symbol, source] of symbolSources(graph)) {
    const size = inputShapes[index.get(source.input)!]?.[source.axis];
    if (size === undefined) {
      throw new ShapeError(`input '${source.input}' has no axis ${source.axis} to bind symbol '${symbol}'`);
    }
    bindings.set(symbol, size);
  }
  // resolveDim also handles offset dims such as 'past+1' (a KV cache grown by Concat).
  return (dim) => resolveDim(dim, bindings);
}
