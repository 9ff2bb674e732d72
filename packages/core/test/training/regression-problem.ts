import { type Graph, GraphBuilder, Tensor } from '../../src/index.js';
import { randomArray, uniform } from '../optim/reference-adamw.js';

/** loss = mean((x W + c - y)^2) over a [4, 3] x [3, 2] problem; its gradient is written by hand below. */
export const shapes = { W: [3, 2], c: [2], x: [4, 3], y: [4, 2] } as const;

export function regressionGraph(): Graph {
  const b = new GraphBuilder();
  const W = b.input('W', 'float32', shapes.W);
  const c = b.input('c', 'float32', shapes.c);
  const x = b.input('x', 'float32', shapes.x);
  const y = b.input('y', 'float32', shapes.y);
  const residual = b.sub(b.add(b.matmul(x, W), c), y);
  return b.build({ loss: b.reduceMean(b.mul(residual, residual), [0, 1]) });
}

export function regressionData(seed: number) {
  const random = uniform(seed);
  return {
    W: randomArray(6, random),
    c: randomArray(2, random),
    x: randomArray(12, random),
    y: randomArray(8, random, 2),
  };
}

/** Hand-written gradient: d/dW = 2/8 x^T r, d/dc = 2/8 sum_rows r, with r = x W + c - y. */
export function regressionGradients(W: Float64Array, c: Float64Array, x: Float64Array, y: Float64Array) {
  const gW = new Float64Array(6);
  const gc = new Float64Array(2);
  let loss = 0;
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 2; j++) {
      let pred = c[j]!;
      for (let k = 0; k < 3; k++) pred += x[i * 3 + k]! * W[k * 2 + j]!;
      const r = pred - y[i * 2 + j]!;
      loss += (r * r) / 8;
      gc[j] = gc[j]! + (2 * r) / 8;
      for (let k = 0; k < 3; k++) gW[k * 2 + j] = gW[k * 2 + j]! + (2 * r * x[i * 3 + k]!) / 8;
    }
  }
  return { loss, gW, gc };
}

export function tensorOf(data: Float64Array, shape: readonly number[]): Tensor {
  return Tensor.float64(data, shape);
}
