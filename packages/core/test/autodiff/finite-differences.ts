import { expect } from 'vitest';
import {
  evaluate,
  type GradOptions,
  type Graph,
  gradientName,
  Tensor,
  valueAndGrad,
} from '../../src/index.js';
import { mulberry32 } from '../support/mulberry32.js';

/** Kept under this name for its many callers. */
export { mulberry32 as seededRandom };

export function randomTensor(shape: readonly number[], random: () => number, low = -1, high = 1): Tensor {
  const size = shape.reduce((p, d) => p * d, 1);
  return Tensor.float64(
    Array.from({ length: size }, () => low + (high - low) * random()),
    shape,
  );
}

export interface Tolerance {
  readonly eps?: number;
  readonly rtol?: number;
  /** Absolute slack, scaled by 1 + |loss| because the finite difference's rounding error scales so. */
  readonly atol?: number;
}

function lossOf(graph: Graph, of: string, feeds: Record<string, Tensor>): number {
  return evaluate(graph, feeds)[of]!.data[0]!;
}

/** The autodiff gradients, evaluated in the float64 interpreter. */
export function evaluateGradients(
  graph: Graph,
  options: GradOptions,
  feeds: Record<string, Tensor>,
): { value: number; gradients: Record<string, Float64Array> } {
  const out = evaluate(valueAndGrad(graph, options), feeds);
  const gradients: Record<string, Float64Array> = {};
  for (const name of options.wrt) gradients[name] = Float64Array.from(out[gradientName(name)]!.data);
  return { value: out[options.of]!.data[0]!, gradients };
}

/**
 * Checks autodiff against central finite differences of the original graph in float64, element by
 * element. `skip(name, index)` leaves out entries where the derivative is not defined (e.g. -inf).
 */
export function expectGradientsMatchFiniteDifferences(
  graph: Graph,
  options: GradOptions,
  feeds: Record<string, Tensor>,
  tolerance: Tolerance = {},
  skip: (name: string, index: number) => boolean = () => false,
): Record<string, Float64Array> {
  const { eps = 1e-6, rtol = 1e-6, atol = 1e-8 } = tolerance;
  const { value, gradients } = evaluateGradients(graph, options, feeds);
  for (const name of options.wrt) {
    const base = feeds[name]!;
    const analytic = gradients[name]!;
    expect(analytic.length).toBe(base.size);
    for (let i = 0; i < base.size; i++) {
      if (skip(name, i)) continue;
      const nudged = (delta: number) => {
        const data = Float64Array.from(base.data);
        data[i] = data[i]! + delta;
        return lossOf(graph, options.of, { ...feeds, [name]: Tensor.float64(data, base.shape) });
      };
      const numeric = (nudged(eps) - nudged(-eps)) / (2 * eps);
      const error = Math.abs(analytic[i]! - numeric);
      const allowed =
        rtol * Math.max(Math.abs(analytic[i]!), Math.abs(numeric)) + atol * (1 + Math.abs(value));
      if (!(error <= allowed)) {
        expect.fail(
          `d${options.of}/d${name}[${i}]: autodiff ${analytic[i]} vs finite difference ${numeric} (error ${error.toExponential(2)}, allowed ${allowed.toExponential(2)})`,
        );
      }
    }
  }
  return gradients;
}
