import { type AnyMechanism, type Backend, getMechanism, type TensorLike } from '@constant-attention/core';
import { flagNonFlatDecode } from '../flags/contradictions.js';
import {
  type DecodeContext,
  decodeRoundRobinBudget,
  timeDecodeInterleaved,
} from '../measure/decode-interleaved.js';
import { compileStep } from '../measure/decode-step.js';
import { decodePlot } from '../plots/decode-plot.js';
import { decodeSummary, decodeTable } from '../report/decode-table.js';
import { type Progress, startProgress } from '../report/progress.js';
import type { DecodeSample } from '../schema/bench-results.js';
import { BENCH_DIMS } from '../workload/attention-dims.js';
import { contextState, stateGrows } from '../workload/context-state.js';
import {
  FULL_DECODE_LENGTHS,
  FULL_PREFIX_CAP,
  QUICK_DECODE_LENGTHS,
  QUICK_PREFIX_CAP,
} from './decode-lengths.js';
import type { Suite } from './suite.js';

/** Every length's resident state, built before any timing starts; on failure the built ones are freed. */
async function buildContexts(
  backend: Backend,
  mechanism: AnyMechanism,
  lengths: readonly number[],
  prefixCap: number,
  progress: Progress,
): Promise<DecodeContext[]> {
  const specs = mechanism.stateSpecs(BENCH_DIMS, mechanism.defaultOptions);
  const contexts: DecodeContext[] = [];
  try {
    for (const n of lengths) {
      const label = `${backend.name}:${backend.device} ${mechanism.name} state n=${n}`;
      const context = await progress.step(label, () => contextState(backend, mechanism, specs, n, prefixCap));
      contexts.push({ n, context });
    }
    return contexts;
  } catch (error) {
    for (const { context } of contexts) {
      for (const t of Object.values(context.state) as TensorLike[]) if ('dispose' in t) t.dispose();
    }
    throw error;
  }
}

export const decodeSuite: Suite = async ({ args, backends }) => {
  const lengths = args.lengths ?? (args.quick ? QUICK_DECODE_LENGTHS : FULL_DECODE_LENGTHS);
  const prefixCap = args.quick ? QUICK_PREFIX_CAP : FULL_PREFIX_CAP;
  // Per mechanism: one item per length's state, then one for the interleaved timing of all lengths.
  const progress = startProgress(backends.length * args.mechanisms.length * (lengths.length + 1), 'decode');
  const samples: DecodeSample[] = [];
  try {
    for (const backend of backends) {
      for (const name of args.mechanisms) {
        const mechanism = getMechanism(name);
        const step = await compileStep(backend, mechanism);
        try {
          const contexts = await buildContexts(backend, mechanism, lengths, prefixCap, progress);
          const grows = stateGrows(mechanism.stateSpecs(BENCH_DIMS, mechanism.defaultOptions));
          const budget = decodeRoundRobinBudget(args.quick, lengths.length, grows);
          const label = `${backend.name}:${backend.device} ${name} n=${lengths.join(',')} interleaved`;
          const measured = await progress.step(label, () =>
            timeDecodeInterleaved(step, mechanism, contexts, budget),
          );
          for (const m of measured) {
            samples.push({
              suite: 'decode',
              mechanism: name,
              backend: backend.name,
              device: backend.device,
              cost: mechanism.cost,
              ...m,
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
