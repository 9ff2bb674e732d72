import { type Backend, GraphBuilder } from '@constant-attention/core';
import type { LatencyStats } from '../schema/bench-results.js';
import { randomTensor } from '../workload/random-tensor.js';
import { type TimingBudget, timeTask } from './time-task.js';

/** Times a [size, size] x [size, size] MatMul on the backend: the roofline's reference kernel. */
export async function measureMatmul(
  backend: Backend,
  size: number,
  budget: TimingBudget,
): Promise<LatencyStats> {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', [size, size]);
  const y = b.input('y', 'float32', [size, size]);
  const exe = await backend.compile(b.build({ out: b.matmul(x, y) }), { name: `matmul-${size}` });
  try {
    const feeds = { x: randomTensor([size, size], 1), y: randomTensor([size, size], 2) };
    return await timeTask(`matmul-${size}`, () => exe.run(feeds), budget);
  } finally {
    await exe.dispose();
  }
}
