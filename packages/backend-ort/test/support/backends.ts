import { type Backend, createBackend, evaluate, type Graph, type Tensor } from '@constant-attention/core';
import '../../src/index.js';
import { expectClose, type Tolerance } from './compare.js';

export const TEST_DEVICES = ['cpu', 'wasm'] as const;
export type TestDevice = (typeof TEST_DEVICES)[number];

const backends = new Map<string, Promise<Backend>>();

/** One shared backend per device, created through the registry as users do. */
export function ortBackend(device: TestDevice): Promise<Backend> {
  let b = backends.get(device);
  if (!b) {
    b = createBackend({ backend: 'ort', device, options: { threads: 1 } });
    backends.set(device, b);
  }
  return b;
}

/** Runs `graph` on ORT and on the float64 interpreter and compares every output. */
export async function expectMatchesInterpreter(
  device: TestDevice,
  graph: Graph,
  feeds: Record<string, Tensor>,
  tol?: Tolerance,
): Promise<void> {
  const expected = evaluate(graph, feeds);
  const exe = await (await ortBackend(device)).compile(graph);
  try {
    const actual = await exe.run(feeds);
    for (const name of Object.keys(expected))
      expectClose(actual[name]!, expected[name]!, tol, `${device} ${name}`);
  } finally {
    await exe.dispose();
  }
}
