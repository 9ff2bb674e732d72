import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createBackend,
  type Dim,
  evaluate,
  type Graph,
  GraphBuilder,
  getMechanism,
  InvalidArgumentError,
  scaledDotProductAttention,
  type Tensor,
} from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { exportOnnx, lowerGraph, nativeComposites } from '../src/index.js';
import { expectMatchesInterpreter, TEST_DEVICES } from './support/backends.js';
import { randomFloat, seededRandom } from './support/random.js';

const rand = seededRandom(2026);

interface Case {
  readonly name: string;
  readonly causal: boolean;
  /** [b, h, n_q, n_k, dk, dv] */
  readonly dims: readonly [number, number, number, number, number, number];
  readonly scale?: number;
  /** Spread of q and k entries; 30 gives logits in the thousands. */
  readonly spread?: number;
  /** Give the sequence axes one symbol (causal) or two (not), as a deployed model has. */
  readonly symbolic?: boolean;
}

const CASES: readonly Case[] = [
  { name: 'causal, odd length', causal: true, dims: [1, 3, 7, 7, 8, 8] },
  {
    name: 'causal, batch 2, dv != dk, symbolic length',
    causal: true,
    dims: [2, 2, 13, 13, 4, 6],
    symbolic: true,
  },
  { name: 'not causal, n_q < n_k', causal: false, dims: [1, 2, 3, 11, 8, 8] },
  {
    name: 'not causal, n_q > n_k, symbolic lengths',
    causal: false,
    dims: [2, 1, 9, 5, 4, 2],
    symbolic: true,
  },
  { name: 'causal, one token', causal: true, dims: [1, 4, 1, 1, 8, 8] },
  {
    name: 'causal, logits in the thousands (max-shifted)',
    causal: true,
    dims: [1, 1, 6, 6, 4, 4],
    spread: 30,
  },
  { name: 'negative scale', causal: false, dims: [1, 2, 4, 5, 4, 4], scale: -0.9 },
  { name: 'zero scale (MHA reads 0 as unset)', causal: true, dims: [1, 2, 5, 5, 4, 4], scale: 0 },
  { name: 'empty sequence', causal: true, dims: [1, 2, 0, 0, 4, 4] },
  { name: 'no queries', causal: false, dims: [1, 2, 0, 3, 4, 4] },
];

function attentionGraph({ causal, dims, scale, symbolic }: Case): Graph {
  const [batch, heads, nq, nk, dk, dv] = dims;
  const [queries, keys]: [Dim, Dim] = symbolic ? (causal ? ['seq', 'seq'] : ['seq', 'kv']) : [nq, nk];
  const b = new GraphBuilder();
  const q = b.input('q', 'float32', [batch, heads, queries, dk]);
  const k = b.input('k', 'float32', [batch, heads, keys, dk]);
  const v = b.input('v', 'float32', [batch, heads, keys, dv]);
  return b.build({
    out: scaledDotProductAttention(b, q, k, v, { scale: scale ?? 1 / Math.sqrt(dk), causal }),
  });
}

function feeds({ dims, spread }: Case): Record<string, Tensor> {
  const [batch, heads, nq, nk, dk, dv] = dims;
  const scale = spread ?? 2;
  return {
    q: randomFloat(rand, [batch, heads, nq, dk], { scale }),
    k: randomFloat(rand, [batch, heads, nk, dk], { scale }),
    v: randomFloat(rand, [batch, heads, nk, dv]),
  };
}

const opTypes = (graph: Graph, device: 'cpu' | 'wasm' | 'webgpu') =>
  lowerGraph(graph, { device }).graph.nodes.map((n) => n.opType);

describe.each(TEST_DEVICES)('ScaledDotProductAttention as fused MultiHeadAttention on ort %s', (device) => {
  it.each(CASES)('matches the float64 interpreter: $name', async (c) => {
    const graph = attentionGraph(c);
    expect(opTypes(graph, device)).toContain('MultiHeadAttention');
    // Large logits: float32 rounding of the scores themselves (~1e-4 relative) moves the weights.
    const tol = c.spread ? { rtol: 1e-3, atol: 1e-3 } : { rtol: 2e-5, atol: 2e-5 };
    await expectMatchesInterpreter(device, graph, feeds(c), tol);
  });

  it("softmax's parallel form runs through the fused kernel, causal and not", async () => {
    const softmax = getMechanism('softmax');
    for (const causal of [true, false]) {
      const b = new GraphBuilder();
      const [q, k, v] = (['q', 'k', 'v'] as const).map((name) => b.input(name, 'float32', [1, 2, 'seq', 8]));
      const { out } = softmax.parallel(b, { q: q!, k: k!, v: v! }, { ...softmax.defaultOptions, causal });
      const graph = b.build({ out });
      const ops = opTypes(graph, device);
      expect(ops).toContain('MultiHeadAttention');
      expect(ops).not.toContain('MatMul');
      const c: Case = { name: 'softmax', causal, dims: [1, 2, 9, 9, 8, 8] };
      await expectMatchesInterpreter(device, graph, feeds(c), { rtol: 2e-5, atol: 2e-5 });
    }
  });
});

describe('where the fused kernel is used', () => {
  it('cpu and wasm keep the composite; webgpu expands it into the softmax graph', () => {
    const graph = attentionGraph(CASES[0]!);
    for (const device of ['cpu', 'wasm'] as const) {
      expect(nativeComposites(17, device)('ScaledDotProductAttention')).toBe(true);
    }
    expect(nativeComposites(17, 'webgpu')('ScaledDotProductAttention')).toBe(false);
    const webgpu = opTypes(graph, 'webgpu');
    expect(webgpu).not.toContain('MultiHeadAttention');
    expect(webgpu).toContain('MatMul');
  });

  it('fusedAttention: false keeps the generic graph, which gives the same values', async () => {
    const graph = attentionGraph(CASES[0]!);
    expect(
      lowerGraph(graph, { device: 'cpu', fusedAttention: false }).graph.nodes.map((n) => n.opType),
    ).not.toContain('MultiHeadAttention');
    const backend = await createBackend({
      backend: 'ort',
      device: 'cpu',
      options: { fusedAttention: false },
    });
    const input = feeds(CASES[0]!);
    const exe = await backend.compile(graph);
    const out = (await exe.run(input)).out!;
    await exe.dispose();
    await backend.dispose();
    const want = evaluate(graph, input).out!;
    out.data.forEach((x, i) => expect(Math.abs(x - want.data[i]!)).toBeLessThan(2e-5));
    await expect(
      createBackend({ backend: 'ort', device: 'cpu', options: { fusedAttention: 1 } }),
    ).rejects.toThrow(InvalidArgumentError);
  });

  it('imports the com.microsoft opset only when a node uses it', () => {
    const model = lowerGraph(attentionGraph(CASES[0]!), { device: 'cpu' });
    expect(model.domainOpsets).toEqual({ 'com.microsoft': 1 });
    expect(model.graph.nodes.find((n) => n.opType === 'MultiHeadAttention')?.domain).toBe('com.microsoft');
    expect(lowerGraph(attentionGraph(CASES[0]!), { device: 'webgpu' }).domainOpsets).toBeUndefined();
  });

  it('exports a portable file by default: no com.microsoft op unless fusedAttention is asked for', () => {
    const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
    expect(text(exportOnnx(attentionGraph(CASES[0]!)))).not.toContain('MultiHeadAttention');
    expect(text(exportOnnx(attentionGraph(CASES[0]!), { fusedAttention: true }))).toContain(
      'MultiHeadAttention',
    );
  });
});

const hasPythonOnnx = spawnSync('/usr/bin/python3', ['-c', 'import onnx'], { stdio: 'ignore' }).status === 0;
const CHECK = `
import sys, onnx
for path in sys.argv[1:]:
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    assert any(n.op_type == "MultiHeadAttention" and n.domain == "com.microsoft" for n in model.graph.node)
    assert {(o.domain, o.version) for o in model.opset_import} >= {("com.microsoft", 1)}
print("checked", len(sys.argv) - 1)
`;

describe(`the exported fused model under onnx.checker (full_check)${hasPythonOnnx ? '' : ' — SKIPPED: /usr/bin/python3 cannot import onnx'}`, () => {
  it.skipIf(!hasPythonOnnx)('accepts it, causal and not, with symbolic lengths', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fused-attention-'));
    const paths = [CASES[1]!, CASES[3]!].map((c, i) => {
      const path = join(dir, `attention-${i}.onnx`);
      writeFileSync(path, exportOnnx(attentionGraph(c), { fusedAttention: true }));
      return path;
    });
    const out = execFileSync('/usr/bin/python3', ['-c', CHECK, ...paths], { encoding: 'utf8' });
    expect(out.trim()).toBe(`checked ${paths.length}`);
  });
});
