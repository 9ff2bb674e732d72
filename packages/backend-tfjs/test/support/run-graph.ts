import { type Backend, evaluate, type Graph, type Tensor } from '@constant-attention/core';
import { expectClose, FLOAT32_TOLERANCE, type Tolerance } from './expect-close.js';

/** Runs `graph` on the backend and checks every output against core's float64 interpreter. */
export async function expectMatchesReference(
  backend: Backend,
  graph: Graph,
  feeds: Record<string, Tensor>,
  what: string,
  tol: Tolerance = FLOAT32_TOLERANCE,
): Promise<void> {
  // The oracle sees exactly the float32-rounded values the backend sees.
  const f32: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(feeds)) f32[name] = t.toFloat32();
  const expected = evaluate(graph, f32);
  const exe = await backend.compile(graph, { name: what });
  try {
    const actual = await exe.run(feeds);
    for (const output of graph.outputs) {
      expectClose(actual[output.name]!, expected[output.name]!, `${what} ${output.name}`, tol);
    }
  } finally {
    await exe.dispose();
  }
}
