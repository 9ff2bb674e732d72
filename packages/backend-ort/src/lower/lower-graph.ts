import {
  branchScope,
  branchScopes,
  expandComposites,
  type Graph,
  type GraphNode,
  InvalidArgumentError,
  isCompositeOp,
  OUTER_SCOPE,
  symbolSources,
  type ValueId,
  valueInfo,
} from '@constant-attention/core';
import type { OnnxGraph, OnnxModel, OnnxValueInfo } from '../onnx/onnx-types.js';
import { lowerPrimitive } from './lower-primitive.js';
import { nameOutputs } from './name-outputs.js';
import { lowerNativeComposite, nativeComposites } from './native-composites.js';
import { type CumSumLowering, OnnxEmitter } from './onnx-emitter.js';

export const DEFAULT_OPSET = 17;
export const MIN_OPSET = 17;
export const MAX_OPSET = 21;

export interface LowerOptions {
  /** ONNX opset of the default domain, 17 to 21 (default 17). */
  readonly opset?: number;
  /** Graph name inside the model (default 'constant_attention'). */
  readonly name?: string;
  readonly docString?: string;
  readonly metadata?: Readonly<Record<string, string>>;
  /**
   * Lower around bugs of onnxruntime-web's WebGPU EP (JSEP, 1.30), each found by the browser
   * conformance: CumSum as a scan; Max/Min as Where of a comparison (JSEP has no Max/Min kernel, and
   * those nodes ran on the CPU EP between GPU nodes with wrong inputs); Where's inputs expanded to the
   * output shape (JSEP's Where shader cache key omits whether inputs broadcast, so a shader compiled
   * for equal shapes was reused for broadcasting ones and read them by flat offset). Default false.
   */
  readonly webgpu?: boolean;
  /** 'native' (ONNX CumSum) or 'scan' (log-depth Pad/Slice/Add); default 'scan' with `webgpu`, else 'native'. */
  readonly cumSum?: CumSumLowering;
}

/** The IR version that first allows each opset, so older runtimes can still load what we write. */
function irVersionFor(opset: number): number {
  if (opset <= 18) return 8;
  if (opset <= 20) return 9;
  return 10;
}

/** Every entry point that takes an opset calls this first, so a bad one fails before any work. */
export function checkOpset(opset: number): void {
  if (!Number.isInteger(opset) || opset < MIN_OPSET || opset > MAX_OPSET) {
    throw new InvalidArgumentError(
      `backend-ort: opset must be an integer from ${MIN_OPSET} to ${MAX_OPSET}, got ${opset}`,
    );
  }
}

/**
 * Lowers a core graph to an ONNX model description. Composites without an exact native ONNX
 * equivalent are expanded with core's decompositions first. Graph inputs and outputs keep their
 * names; symbolic dims become dim_params and are read from input shapes at run time.
 */
export function lowerGraph(source: Graph, options: LowerOptions = {}): OnnxModel {
  const opset = options.opset ?? DEFAULT_OPSET;
  checkOpset(opset);
  const graph = expandComposites(source, nativeComposites(opset, options.webgpu));
  const emitter = new OnnxEmitter(
    opset,
    symbolSources(graph),
    options.cumSum ?? (options.webgpu ? 'scan' : 'native'),
    options.webgpu,
  );
  const names = new Map<ValueId, string>();
  for (const input of graph.inputs) names.set(input.value, input.name);
  lowerScope({ graph, names, scopes: branchScopes(graph) }, emitter, OUTER_SCOPE);
  const nodes = nameOutputs(emitter, graph, names);
  const describe = (name: string, id: ValueId): OnnxValueInfo => {
    const info = valueInfo(graph, id);
    return { name, elemType: info.dtype, shape: info.shape };
  };
  return {
    irVersion: irVersionFor(opset),
    opset,
    producerName: '@constant-attention/backend-ort',
    producerVersion: '0.0.0',
    docString: options.docString,
    metadata: options.metadata,
    graph: {
      name: options.name ?? 'constant_attention',
      nodes,
      initializers: emitter.initializers,
      inputs: graph.inputs.map((i) => describe(i.name, i.value)),
      outputs: graph.outputs.map((o) => describe(o.name, o.value)),
    },
  };
}

interface Lowering {
  readonly graph: Graph;
  readonly names: Map<ValueId, string>;
  readonly scopes: ReadonlyMap<ValueId, string>;
}

/** Lowers the nodes of one scope (the graph outside every branch, or one If branch) in order. */
function lowerScope(lowering: Lowering, emitter: OnnxEmitter, scope: string): void {
  const { graph, names, scopes } = lowering;
  for (const node of graph.nodes) {
    if ((scopes.get(node.output) ?? OUTER_SCOPE) !== scope) continue;
    const inputs = node.inputs.map((id) => names.get(id)!);
    const ctx = {
      emitter,
      inputInfo: node.inputs.map((id) => valueInfo(graph, id)),
      outputInfo: valueInfo(graph, node.output),
    };
    const out =
      node.op === 'GuardedFastPath'
        ? lowerGuardedFastPath(lowering, emitter, node, inputs[0]!)
        : isCompositeOp(node.op)
          ? lowerNativeComposite(ctx, node, inputs)
          : lowerPrimitive(ctx, node, inputs);
    names.set(node.output, out);
  }
}

/**
 * If(guard): the fast input's nodes in the then branch, the exact input's in the else branch, so only
 * one of them runs (core's decomposition computes exact alone).
 */
function lowerGuardedFastPath(
  lowering: Lowering,
  emitter: OnnxEmitter,
  node: GraphNode,
  guard: string,
): string {
  const info = valueInfo(lowering.graph, node.output);
  const branch = (slot: 1 | 2, name: string): OnnxGraph => {
    const sub = emitter.branch();
    lowerScope(lowering, sub, branchScope(node, slot));
    const result = lowering.names.get(node.inputs[slot]!)!;
    // A branch's output must be made inside it; one that is an outer value is copied in.
    const made = sub.nodes.some((n) => n.outputs.includes(result));
    const out = made ? result : sub.node('Identity', [result]);
    return {
      name,
      nodes: sub.nodes,
      initializers: [],
      inputs: [],
      outputs: [{ name: out, elemType: info.dtype, shape: info.shape }],
    };
  };
  return emitter.node('If', [guard], {
    then_branch: { kind: 'graph', value: branch(1, 'fast_path') },
    else_branch: { kind: 'graph', value: branch(2, 'exact_path') },
  });
}
