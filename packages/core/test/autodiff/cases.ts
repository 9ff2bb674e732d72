import { type GraphBuilder, Tensor, type Value } from '../../src/index.js';
import { randomTensor } from './finite-differences.js';

export type Sampler = (shape: readonly number[], random: () => number) => Tensor;

export const uniform: Sampler = (shape, random) => randomTensor(shape, random, -1.5, 1.5);
export const positive: Sampler = (shape, random) => randomTensor(shape, random, 0.3, 2);
/** Magnitudes in [0.2, 1.5] with random signs: keeps kinks (abs, relu, elu) away from the nudge. */
export const awayFromZero: Sampler = (shape, random) => {
  const magnitudes = randomTensor(shape, random, 0.2, 1.5).data;
  return Tensor.float64(
    Array.from(magnitudes, (x) => (random() < 0.5 ? -x : x)),
    shape,
  );
};

export interface GradCase {
  readonly name: string;
  readonly shapes: Readonly<Record<string, readonly number[]>>;
  readonly samplers?: Readonly<Record<string, Sampler>>;
  readonly body: (b: GraphBuilder, x: Record<string, Value>) => Value;
}
