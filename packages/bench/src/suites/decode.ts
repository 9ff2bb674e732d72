import { getMechanism } from '@constant-attention/core';
import { flagNonFlatDecode } from '../flags/contradictions.js';
import { compileStep, measureDecodeStep } from '../measure/decode-step.js';
import { FULL_BUDGET, QUICK_BUDGET } from '../measure/time-task.js';
import { decodePlot } from '../plots/decode-plot.js';
import { decodeSummary, decodeTable } from '../report/decode-table.js';
import { startProgress } from '../report/progress.js';
import type { DecodeSample } from '../schema/bench-results.js';
import {
  FULL_DECODE_LENGTHS,
  FULL_PREFIX_CAP,
  QUICK_DECODE_LENGTHS,
  QUICK_PREFIX_CAP,
} from './decode-lengths.js';
import type { Suite } from './suite.js';

export const decodeSuite: Suite = async ({ args, backends }) => {
  const lengths = args.lengths ?? (args.quick ? QUICK_DECODE_LENGTHS : FULL_DECODE_LENGTHS);
  const budget = args.quick ? QUICK_BUDGET : FULL_BUDGET;
  const prefixCap = args.quick ? QUICK_PREFIX_CAP : FULL_PREFIX_CAP;
  const progress = startProgress(backends.length * args.mechanisms.length * lengths.length, 'decode');
  const samples: DecodeSample[] = [];
  try {
    for (const backend of backends) {
      for (const name of args.mechanisms) {
        const mechanism = getMechanism(name);
        const step = await compileStep(backend, mechanism);
        try {
          for (const n of lengths) {
            const label = `${backend.name}:${backend.device} ${name} n=${n}`;
            const measured = await progress.step(label, () =>
              measureDecodeStep(backend, step, mechanism, n, budget, prefixCap),
            );
            samples.push({
              suite: 'decode',
              mechanism: name,
              backend: backend.name,
              device: backend.device,
              cost: mechanism.cost,
              ...measured,
            });
          }
        } finally {
          await step.dispose();
        }
      }
    }
  } finally {
    progress.stop();
  }
  return {
    samples,
    contradictions: flagNonFlatDecode(samples),
    summary: decodeSummary(samples),
    markdown: decodeTable(samples),
    plots: {
      'decode-latency.svg': decodePlot(samples, 'median_ms'),
      'decode-state.svg': decodePlot(samples, 'state_bytes'),
    },
  };
};
