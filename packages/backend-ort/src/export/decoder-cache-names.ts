import { type Graph, GraphError, STATE_IN_PREFIX, STATE_OUT_PREFIX } from '@constant-attention/core';

/** Prefixes transformers.js and onnxruntime-genai use for a decoder's per-layer cache. */
export const PAST_PREFIX = 'past_key_values.';
export const PRESENT_PREFIX = 'present.';

/**
 * Renames a core form graph's state inputs `past.<state>` to `past_key_values.<layer>.<state>` and
 * outputs `present.<state>` to `present.<layer>.<state>`, the names existing decode loops feed back.
 * q, k, v (and gate) and `out` keep their names. Applied to prefill (parallel/chunked) graphs too,
 * so a prefill model's outputs feed a step model's inputs by the same layer-qualified names.
 */
export function withDecoderCacheNames(graph: Graph, layer = 0): Graph {
  const inputs = graph.inputs.map((i) =>
    i.name.startsWith(STATE_IN_PREFIX)
      ? { ...i, name: `${PAST_PREFIX}${layer}.${i.name.slice(STATE_IN_PREFIX.length)}` }
      : i,
  );
  const outputs = graph.outputs.map((o) =>
    o.name.startsWith(STATE_OUT_PREFIX)
      ? { ...o, name: `${PRESENT_PREFIX}${layer}.${o.name.slice(STATE_OUT_PREFIX.length)}` }
      : o,
  );
  const names = [...inputs, ...outputs].map((v) => v.name);
  if (new Set(names).size !== names.length) {
    throw new GraphError(`decode step names collide: ${names.join(', ')}`);
  }
  return { ...graph, inputs, outputs };
}
