import { type Graph, type ValueId, valueInfo } from '@constant-attention/core';
import type { OnnxNode } from '../onnx/onnx-types.js';
import type { OnnxEmitter } from './onnx-emitter.js';
import type { DeviceProfile } from './profiles/device-profile.js';

/**
 * Graph outputs take over the name of the node result that computes them, so no copy node is needed.
 * An output that aliases a graph input, a constant or an earlier output gets a copy: Identity, or on
 * WebGPU a double negation, because ORT-web's WebGPU EP has no Identity kernel and an Identity on the
 * CPU EP puts MemcpyFromHost nodes in the graph, which handed GPU nodes the wrong tensor (found by the
 * browser conformance: LLN's state passes alpha and beta through, and q * alpha read beta).
 */
export function nameOutputs(
  em: OnnxEmitter,
  graph: Graph,
  names: ReadonlyMap<ValueId, string>,
  copy: DeviceProfile['outputCopy'],
): OnnxNode[] {
  const aliased = new Set([...graph.inputs.map((i) => i.name), ...em.initializers.map((t) => t.name)]);
  const renamed = new Map<string, string>();
  for (const output of graph.outputs) {
    const source = names.get(output.value)!;
    if (!(aliased.has(source) || renamed.has(source))) {
      renamed.set(source, output.name);
    } else if (copy === 'identity') {
      em.node('Identity', [source], {}, output.name);
    } else {
      // Exact for every float (-0, +-inf and NaN included), every int32 and every bool.
      const negate = valueInfo(graph, output.value).dtype === 'bool' ? 'Not' : 'Neg';
      em.node(negate, [em.node(negate, [source])], {}, output.name);
    }
  }
  const rename = (name: string) => renamed.get(name) ?? name;
  return em.nodes.map((n) => renameNode(n, rename));
}

/** Renames a node's inputs and outputs, and those of the nodes in its subgraphs (If branches). */
function renameNode(node: OnnxNode, rename: (name: string) => string): OnnxNode {
  const attributes = Object.fromEntries(
    Object.entries(node.attributes).map(([key, attr]) => [
      key,
      attr.kind === 'graph'
        ? {
            kind: 'graph' as const,
            value: {
              ...attr.value,
              nodes: attr.value.nodes.map((n) => renameNode(n, rename)),
              outputs: attr.value.outputs.map((o) => ({ ...o, name: rename(o.name) })),
            },
          }
        : attr,
    ]),
  );
  return { ...node, inputs: node.inputs.map(rename), outputs: node.outputs.map(rename), attributes };
}
