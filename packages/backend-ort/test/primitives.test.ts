import { evaluate } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { exportOnnx, lowerGraph, type OrtBackend } from '../src/index.js';
import { expectMatchesInterpreter, ortBackend, TEST_DEVICES } from './support/backends.js';
import { expectClose } from './support/compare.js';
import { CASES } from './support/primitive-cases.js';

describe.each(TEST_DEVICES)('every primitive on ort %s matches the float64 interpreter', (device) => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    await expectMatchesInterpreter(device, c.graph, c.feeds);
  });
});

describe('the WebGPU lowering (webgpu: true) of every primitive on ort cpu matches the interpreter', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const backend = (await ortBackend('cpu')) as OrtBackend;
    const exe = await backend.loadModel(exportOnnx(c.graph, { webgpu: true }), c.graph);
    const ops = lowerGraph(c.graph, { webgpu: true }).graph.nodes.map((n) => n.opType);
    // Ops that ORT-web's WebGPU EP lacks would run on its CPU EP between GPU nodes.
    expect(ops.filter((op) => op === 'Max' || op === 'Min' || op === 'Identity')).toEqual([]);
    const actual = await exe.run(c.feeds);
    const expected = evaluate(c.graph, c.feeds);
    for (const name of Object.keys(expected)) expectClose(actual[name]!, expected[name]!, undefined, name);
    await exe.dispose();
  });
});

describe('the CumSum scan lowering (used on webgpu) on ort cpu matches the interpreter', () => {
  it.each(CASES.filter((c) => c.name.startsWith('CumSum')).map((c) => [c.name, c] as const))(
    '%s',
    async (_, c) => {
      const backend = (await ortBackend('cpu')) as OrtBackend;
      const exe = await backend.loadModel(exportOnnx(c.graph, { cumSum: 'scan' }), c.graph);
      const ops = lowerGraph(c.graph, { cumSum: 'scan' }).graph.nodes.map((n) => n.opType);
      // Only the scan over the symbolic 'batch' axis stays native (the scan needs a concrete length).
      expect(ops.filter((op) => op === 'CumSum')).toHaveLength(1);
      const actual = await exe.run(c.feeds);
      const expected = evaluate(c.graph, c.feeds);
      for (const name of Object.keys(expected)) expectClose(actual[name]!, expected[name]!, undefined, name);
      await exe.dispose();
    },
  );
});
