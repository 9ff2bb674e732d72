import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphBuilder, MalformedFileError } from '@constant-attention/core';
import * as ort from 'onnxruntime-node';
import { expect, it } from 'vitest';
import { encodeModel, lowerGraph, summarizeOrtProfile } from '../src/index.js';

it('sums a real ONNX Runtime profile per op type and per node, over every run', async () => {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', [64, 64]);
  const y = b.exp(b.matmul(x, x));
  const graph = b.build({ out: b.add(b.matmul(y, x), y) });
  const lowered = lowerGraph(graph, { device: 'cpu' });
  const opsInGraph = lowered.graph.nodes.map((n) => n.opType);
  const dir = await mkdtemp(join(tmpdir(), 'ort-profile-'));
  const prefix = join(dir, 'p');
  const session = await ort.InferenceSession.create(encodeModel(lowered), {
    enableProfiling: true,
    profileFilePrefix: prefix,
    // No fusions, so the profile's nodes are the lowered graph's.
    graphOptimizationLevel: 'disabled',
  });
  const runs = 3;
  for (let i = 0; i < runs; i++)
    await session.run({ x: new ort.Tensor('float32', new Float32Array(64 * 64).fill(0.01), [64, 64]) });
  session.endProfiling();
  await session.release();

  const profile = summarizeOrtProfile(prefix);
  // Every node ran once per run; the counts come from the graph, not from the profile.
  const expected = new Map<string, number>();
  for (const op of opsInGraph) expected.set(op, (expected.get(op) ?? 0) + runs);
  expect(new Map(profile.byOp.map((e) => [e.op, e.count]))).toEqual(expected);
  expect(profile.byNode).toHaveLength(opsInGraph.length);
  const sum = (entries: readonly { us: number }[]) => entries.reduce((s, e) => s + e.us, 0);
  expect(sum(profile.byOp)).toBe(profile.totalUs);
  expect(sum(profile.byNode)).toBe(profile.totalUs);
  expect(profile.byOp.map((e) => e.us)).toEqual(profile.byOp.map((e) => e.us).sort((p, q) => q - p));
});

it('names a missing or malformed profile', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ort-profile-'));
  expect(() => summarizeOrtProfile(join(dir, 'none'))).toThrow(MalformedFileError);
  await writeFile(join(dir, 'bad_2026.json'), '[{"cat":');
  expect(() => summarizeOrtProfile(join(dir, 'bad'))).toThrow(/not JSON/);
  await writeFile(join(dir, 'obj_2026.json'), '{"cat":"Node"}');
  expect(() => summarizeOrtProfile(join(dir, 'obj'))).toThrow(/no event list/);
});
