import {
  branchScope,
  branchScopes,
  expandComposites,
  type Graph,
  type GraphNode,
  InvalidArgumentError,
  type OpName,
  OUTER_SCOPE,
  symbolSources,
  type ValueId,
  valueInfo,
} from '@constant-attention/core';
import type { OnnxGraph, OnnxModel, OnnxValueInfo } from '../onnx/onnx-types.js';
import { dropDeadNodes } from './drop-dead-nodes.js';
import { nameOutputs } from './name-outputs.js';
import { OnnxEmitter } from './onnx-emitter.js';
import type { ProfileName } from './profiles/device-profile.js';
import { type CumSumLowering, resolveProfile } from './profiles/resolve-profile.js';
import { RuleSet } from './rule-set.js';
import type { RuleContext } from './rules/rule.js';

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
   * The device profile whose rewrite passes the lowering applies (profiles/): 'cpu' (default; also
   * right for cuda), 'wasm' or 'webgpu'. Every profile gives the same values; each is the fastest, or
   * the only correct, form of the graph on its ONNX Runtime execution provider.
   */
  readonly device?: ProfileName;
  /** The same as `device: 'webgpu'` (kept from before profiles); ignored when `device` is given. */
  readonly webgpu?: boolean;
  /** 'native' (ONNX CumSum) or 'scan' (log-depth Pad/Slice/Add); default the profile's ('scan' on webgpu). */
  readonly cumSum?: CumSumLowering;
  /**
   * Whether softmax attention (core's ScaledDotProductAttention) runs as ORT's fused
   * com.microsoft.MultiHeadAttention where the profile has it (cpu, wasm); default true. False keeps
   * core's generic max-shifted softmax graph, e.g. to compare the two.
   */
  readonly fusedAttention?: boolean;
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
  const profile = resolveProfile(
    options.device ?? (options.webgpu ? 'webgpu' : 'cpu'),
    options.cumSum,
    options.fusedAttention,
  );
  const rules = new RuleSet(opset, profile);
  const graph = expandComposites(source, (op) => rules.has(op));
  const emitter = new OnnxEmitter(opset, symbolSources(graph));
  const names = new Map<ValueId, string>();
  for (const input of graph.inputs) names.set(input.value, input.name);
  lowerScope({ graph, names, scopes: branchScopes(graph), rules }, emitter, OUTER_SCOPE);
  const nodes = dropDeadNodes(
    nameOutputs(emitter, graph, names, profile.outputCopy),
    graph.outputs.map((o) => o.name),
  );
  const describe = (name: string, id: ValueId): OnnxValueInfo => {
    const info = valueInfo(graph, id);
    return { name, elemType: info.dtype, shape: info.shape };
  };
  return {
    irVersion: irVersionFor(opset),
    opset,
    ...(emitter.domains.size > 0 ? { domainOpsets: Object.fromEntries(emitter.domains) } : {}),
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
  readonly rules: RuleSet;
}

/** Lowers the nodes of one scope (the graph outside every branch, or one If branch) in order. */
function lowerScope(lowering: Lowering, emitter: OnnxEmitter, scope: string): void {
  const { graph, names, scopes } = lowering;
  for (const node of graph.nodes) {
    if ((scopes.get(node.output) ?? OUTER_SCOPE) !== scope) continue;
    const ctx = ruleContext(lowering, emitter, node, {
      op: node.op,
      attrs: node.attrs,
      inputs: node.inputs.map((id) => names.get(id)!),
      inputInfo: node.inputs.map((id) => valueInfo(graph, id)),
      outputInfo: valueInfo(graph, node.output),
    });
    names.set(node.output, lowering.rules.lower(ctx));
  }
}

type NodeView<Op extends OpName> = Pick<
  RuleContext<Op>,
  'op' | 'attrs' | 'inputs' | 'inputInfo' | 'outputInfo'
>;

/** The context of one rule: `lower` re-enters the rule set, `branch` lowers one of the node's scopes. */
function ruleContext<Op extends OpName>(
  lowering: Lowering,
  emitter: OnnxEmitter,
  node: GraphNode,
  view: NodeView<Op>,
): RuleContext<Op> {
  return {
    ...view,
    emitter,
    lower: (op, attrs, inputs, inputInfo, outputInfo) =>
      lowering.rules.lower(
        ruleContext(lowering, emitter, node, { op, attrs, inputs, inputInfo, outputInfo }),
      ),
    branch: (slot, name) => lowerBranch(lowering, emitter, node, slot, name),
  };
}

/** One branch of a GuardedFastPath node as an If subgraph whose one output is input `slot`. */
function lowerBranch(
  lowering: Lowering,
  emitter: OnnxEmitter,
  node: GraphNode,
  slot: 1 | 2,
  name: string,
): OnnxGraph {
  const info = valueInfo(lowering.graph, node.output);
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
}
