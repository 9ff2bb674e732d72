import type { RooflineSample } from '../schema/bench-results.js';
import { formatBytes, formatMs, formatPercent, formatSi, markdownTable } from './format.js';

/** One row per kernel: its FLOP and byte counts (src/costs/), time, GFLOP/s and share of MatMul's. */
export function rooflineTable(samples: readonly RooflineSample[], matmulSize: number): string {
  const backends = [...new Set(samples.map((s) => `${s.backend}:${s.device}`))];
  return backends
    .map((backend) => {
      const rows = samples
        .filter((s) => `${s.backend}:${s.device}` === backend)
        .map((s) => [
          s.mechanism,
          s.form,
          String(s.n),
          s.form === 'recurrent' ? s.cost.stepTime : s.cost.parallelTime,
          formatSi(s.flops),
          formatBytes(s.bytes),
          s.arithmetic_intensity.toPrecision(3),
          formatMs(s.median_ms),
          s.gflops_per_s.toPrecision(3),
          formatPercent(s.fraction_of_matmul),
        ]);
      return [
        `### ${backend}: attention kernels against the same backend's ${matmulSize}^2 MatMul`,
        '',
        markdownTable(
          [
            'kernel',
            'form',
            'n',
            'stated cost (parallel; step for steps)',
            'FLOPs',
            'bytes',
            'FLOP/byte',
            'ms',
            'GFLOP/s',
            'of MatMul',
          ],
          rows,
        ),
        '',
      ].join('\n');
    })
    .join('\n');
}
