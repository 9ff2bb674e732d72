/**
 * Batched vs 2-D matmul on tfjs cpu and wasm, through this package's MatMul lowering strategies.
 *
 *   cd packages/backend-tfjs && npx tsx --conditions=@constant-attention/source bench/matmul.bench.ts
 *
 * 'native' is tf.matMul on the rank-3 operands (tfjs-wasm's slow naive batched kernel), 'depthwise' the
 * whole batch as one depthwise convolution, and '2-D' is a single [B*M, K] x [K, N] product of the same FLOP count
 * (what 'flatten' runs when the right operand has no batch dims). Fresh operands every repetition, so
 * XNNPACK's per-weight-tensor packing cache does not flatter the 2-D numbers.
 */
import * as tf from '@tensorflow/tfjs-core';
import { activateDevice, lowerMatMul, type MatMulStrategy, type TfjsDevice } from '../src/index.js';

const SHAPES: [batch: number, m: number, k: number, n: number][] = [
  [16, 256, 64, 256],
  [8, 512, 64, 64],
  [4, 128, 128, 128],
  [16, 64, 64, 64],
  [64, 32, 32, 32],
];

function randomTensor(shape: number[]): tf.Tensor {
  const size = shape.reduce((p, d) => p * d, 1);
  return tf.tensor(
    Float32Array.from({ length: size }, () => Math.random() * 2 - 1),
    shape,
  );
}

/** Median milliseconds of `reps` timed runs after one warm-up; operands are made outside the timer. */
function time(
  make: () => [tf.Tensor, tf.Tensor],
  run: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor,
  reps: number,
) {
  const samples: number[] = [];
  for (let r = 0; r <= reps; r++) {
    const [a, b] = make();
    const start = performance.now();
    const out = tf.tidy(() => run(a, b));
    out.dataSync();
    const elapsed = performance.now() - start;
    tf.dispose([a, b, out]);
    if (r > 0) samples.push(elapsed);
  }
  samples.sort((x, y) => x - y);
  return samples[Math.floor(samples.length / 2)]!;
}

const DEVICES: readonly TfjsDevice[] = ['cpu', 'wasm'];

interface ShapeRun {
  readonly device: TfjsDevice;
  readonly shape: (typeof SHAPES)[number];
  /** Median time of one strategy's product, as GFLOP/s of this shape's FLOP count. */
  readonly gflops: (
    make: () => [tf.Tensor, tf.Tensor],
    run: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor,
  ) => string;
}

/** Prints one table: the header, then one row per device and shape. */
async function table(header: string, row: (r: ShapeRun) => string): Promise<void> {
  console.log(header);
  for (const device of DEVICES) {
    await activateDevice(device);
    for (const shape of SHAPES) {
      const [batch, m, k, n] = shape;
      const flops = 2 * batch * m * k * n;
      const reps = device === 'cpu' ? 3 : 7;
      console.log(
        row({ device, shape, gflops: (make, run) => (flops / time(make, run, reps) / 1e6).toFixed(2) }),
      );
    }
  }
}

async function main(): Promise<void> {
  await table(
    'device | B x [M,K] x [K,N] | batched (native) | batched (depthwise) | 2-D same FLOPs  (GFLOP/s)',
    ({ device, shape: [batch, m, k, n], gflops }) => {
      const batched = (strategy: MatMulStrategy) =>
        gflops(
          () => [randomTensor([batch, m, k]), randomTensor([batch, k, n])],
          (a, b) => lowerMatMul(a, b, [batch, m, n], strategy),
        );
      const flat = gflops(
        () => [randomTensor([batch * m, k]), randomTensor([k, n])],
        (a, b) => lowerMatMul(a, b, [batch * m, n], 'native'),
      );
      return `${device} | ${batch} x [${m},${k}] x [${k},${n}] | ${batched('native')} | ${batched('depthwise')} | ${flat}`;
    },
  );
  await table(
    '\ndevice | [M,K] x B x [K,N] (left operand unbatched) | native | flatten-left  (GFLOP/s)',
    ({ device, shape: [batch, m, k, n], gflops }) => {
      const run = (strategy: MatMulStrategy) =>
        gflops(
          () => [randomTensor([m, k]), randomTensor([batch, k, n])],
          (a, b) => lowerMatMul(a, b, [batch, m, n], strategy),
        );
      return `${device} | [${m},${k}] x ${batch} x [${k},${n}] | ${run('native')} | ${run('flatten-left')}`;
    },
  );
}

await main();
