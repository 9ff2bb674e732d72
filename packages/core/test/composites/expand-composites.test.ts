import { describe, expect, it } from 'vitest';
import {
  COMPOSITE_OPS,
  type CompositeOp,
  DECOMPOSITIONS,
  expandComposites,
  type Graph,
  GraphBuilder,
  isCompositeOp,
} from '../../src/index.js';

/** One graph that uses every composite, over symbolic and concrete dims. */
function everyComposite(): Graph {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', ['batch', 4]);
  const gamma = b.input('gamma', 'float32', [4]);
  const beta = b.input('beta', 'float32', [4]);
  return b.build({
    lse: b.logSumExp(x, [1]),
    lcse: b.logCumSumExp(x, 1, { exclusive: true, reverse: true }),
    lae: b.logAddExp(x, gamma),
    soft: b.softmax(x),
    logSoft: b.logSoftmax(x, 0),
    mean: b.reduceMean(x, [0], true),
    norm: b.layerNorm(x, gamma, beta),
    gelu: b.gelu(x),
    geluTanh: b.gelu(x, 'tanh'),
    sigmoid: b.sigmoid(x),
    softplus: b.softplus(x),
    elu: b.elu(x),
    relu: b.relu(x),
  });
}

function signature(graph: Graph, which: 'inputs' | 'outputs') {
  return graph[which].map(({ name, value }) => {
    const { dtype, shape } = graph.values[value]!;
    return { name, dtype, shape };
  });
}

describe('expandComposites', () => {
  it('has a decomposition for every composite op', () => {
    expect(Object.keys(DECOMPOSITIONS).sort()).toEqual([...COMPOSITE_OPS].sort());
  });

  it('removes every composite node and keeps input and output names, dtypes and shapes', () => {
    const graph = everyComposite();
    expect(new Set(graph.nodes.filter((n) => isCompositeOp(n.op)).map((n) => n.op)).size).toBe(12);
    const expanded = expandComposites(graph);
    expect(expanded.nodes.filter((n) => isCompositeOp(n.op))).toEqual([]);
    expect(signature(expanded, 'inputs')).toEqual(signature(graph, 'inputs'));
    expect(signature(expanded, 'outputs')).toEqual(signature(graph, 'outputs'));
  });

  it('keeps exactly the composites the predicate accepts', () => {
    const graph = everyComposite();
    const kept: CompositeOp[] = ['Softmax', 'LayerNorm'];
    const expanded = expandComposites(graph, (op) => kept.includes(op));
    const remaining = expanded.nodes.filter((n) => isCompositeOp(n.op)).map((n) => n.op);
    expect(remaining.sort()).toEqual([...kept].sort());
  });

  it('expands composites that a decomposition itself uses, unless kept', () => {
    const b = new GraphBuilder();
    const [q, k, v] = ['q', 'k', 'v'].map((name) => b.input(name, 'float32', [1, 2, 5, 4]));
    const graph = b.build({
      out: b.node('ScaledDotProductAttention', [q!, k!, v!], { scale: 0.5, causal: true }),
    });
    const composites = (keep?: (op: CompositeOp) => boolean) =>
      expandComposites(graph, keep)
        .nodes.filter((n) => isCompositeOp(n.op))
        .map((n) => n.op);
    expect(composites()).toEqual([]);
    expect(composites((op) => op === 'Softmax')).toEqual(['Softmax']);
  });

  it('is idempotent and a no-op on primitive-only graphs', () => {
    const once = expandComposites(everyComposite());
    const twice = expandComposites(once);
    expect(twice.nodes.map((n) => n.op)).toEqual(once.nodes.map((n) => n.op));
  });
});
