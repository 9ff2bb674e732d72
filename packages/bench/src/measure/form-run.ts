import {
  type AnyMechanism,
  type Backend,
  buildChunkedGraph,
  buildParallelGraph,
  type Graph,
} from '@constant-attention/core';
import type { LatencyStats } from '../schema/bench-results.js';
import { BENCH_CHUNK_SIZE, BENCH_DIMS } from '../workload/attention-dims.js';
import { attentionInputs } from '../workload/attention-inputs.js';
import { peakRssDelta } from './rss-sampler.js';
import { type TimingBudget, timeTask } from './time-task.js';

export type SequenceForm = 'parallel' | 'chunked';

export function sequenceFormGraph(
  mechanism: AnyMechanism,
  form: SequenceForm,
  n: number,
  chunkSize = BENCH_CHUNK_SIZE,
): Graph {
  const dims = { ...BENCH_DIMS, seqQ: n, seqK: n };
  return form === 'parallel'
    ? buildParallelGraph(mechanism, dims, { causal: true })
    : buildChunkedGraph(mechanism, dims, { chunkSize });
}

/**
 * Times the causal form over n tokens. The first run, outside tinybench, samples peak RSS; it also
 * fills the runtime's caches and warms the allocator, so the timed runs see steady state.
 */
export async function measureSequenceForm(
  backend: Backend,
  mechanism: AnyMechanism,
  form: SequenceForm,
  n: number,
  budget: TimingBudget,
  chunkSize = BENCH_CHUNK_SIZE,
): Promise<LatencyStats & { readonly peak_rss_delta_bytes: number }> {
  const exe = await backend.compile(sequenceFormGraph(mechanism, form, n, chunkSize), {
    name: `${mechanism.name}-${form}-${n}`,
  });
  try {
    const feeds = attentionInputs(n, 3);
    const { peakDeltaBytes } = await peakRssDelta(() => exe.run(feeds));
    const stats = await timeTask(`${mechanism.name}-${form}@${n}`, () => exe.run(feeds), budget);
    return { ...stats, peak_rss_delta_bytes: peakDeltaBytes };
  } finally {
    await exe.dispose();
  }
}
