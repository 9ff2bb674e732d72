import { type Backend, getMechanism } from '@constant-attention/core';
import { hasFlopCount, kernelCost } from '../costs/kernel-cost.js';
import { ATTENTION_PEER } from '../peers/attention-peer.js';
import { LINEAR_ATTENTION_PEER } from '../peers/linear-attention-peer.js';
import {
  linearPrefillVsPeer,
  linearStepVsPeer,
  type PeerRun,
  parallelVsAttention,
} from '../peers/measure-peers.js';
import type { PeerDims } from '../peers/peer-dims.js';
import { PEER_PREFIX_CAP, peerPlan } from '../peers/peer-plan.js';
import { peersSummary, peersTable } from '../peers/peers-table.js';
import { startProgress } from '../report/progress.js';
import type { PeerSample } from '../schema/bench-results.js';
import { BENCH_CHUNK_SIZE, BENCH_DIMS } from '../workload/attention-dims.js';
import type { Suite } from './suite.js';

type Form = PeerSample['form'];

/** `dims` is injectable so tests can run the whole suite on tiny heads. */
export function makePeersSuite(dims: PeerDims = BENCH_DIMS, prefixCap = PEER_PREFIX_CAP): Suite {
  return async ({ args, backends }) => {
    const plan = peerPlan(args);
    const backend = backends[0] as Backend;
    const jobs: { mechanism: string; peer: string; form: Form; n: number; run: () => Promise<PeerRun> }[] =
      [];
    for (const n of plan.lengths) {
      for (const m of plan.attention) {
        jobs.push({
          mechanism: m,
          peer: ATTENTION_PEER,
          form: 'parallel',
          n,
          run: () => parallelVsAttention(backend, m, dims, n, plan.budget),
        });
      }
      for (const m of plan.linear) {
        jobs.push({
          mechanism: m,
          peer: LINEAR_ATTENTION_PEER,
          form: 'chunked',
          n,
          run: () => linearPrefillVsPeer(backend, m, dims, n, plan.budget),
        });
        jobs.push({
          mechanism: m,
          peer: LINEAR_ATTENTION_PEER,
          form: 'recurrent',
          n,
          run: () => linearStepVsPeer(backend, m, dims, Math.min(n, prefixCap), plan.budget),
        });
      }
    }
    const progress = startProgress(jobs.length, 'peers');
    const samples: PeerSample[] = [];
    try {
      for (const job of jobs) {
        const run = await progress.step(`${job.mechanism} ${job.form} vs ${job.peer} n=${job.n}`, job.run);
        const mechanism = getMechanism(job.mechanism);
        // FLOPs only where the mechanism's cost.ts states them (hasFlopCount).
        const cost = hasFlopCount(mechanism)
          ? kernelCost(mechanism, job.form, {
              ...dims,
              n: job.n,
              chunkSize: Math.min(BENCH_CHUNK_SIZE, job.n),
            })
          : {};
        samples.push({
          suite: 'peers',
          mechanism: job.mechanism,
          backend: backend.name,
          device: backend.device,
          cost: mechanism.cost,
          peer: job.peer,
          form: job.form,
          n: job.n,
          ...(job.form === 'recurrent' ? { prefix_tokens: Math.min(job.n, prefixCap) } : {}),
          ours: run.ours_stats!,
          ...(run.peer_stats ? { peer_stats: run.peer_stats } : {}),
          ...(run.unavailable ? { unavailable: run.unavailable } : {}),
          ...(run.peer_stats ? { ratio: run.ours_stats!.median_ms / run.peer_stats.median_ms } : {}),
          ...(run.max_abs_diff !== undefined ? { max_abs_diff: run.max_abs_diff } : {}),
          ...cost,
        });
      }
    } finally {
      progress.stop();
    }
    return {
      samples,
      contradictions: [],
      summary: peersSummary(samples),
      markdown: peersTable(samples, dims),
      plots: {},
    };
  };
}

export const peersSuite: Suite = makePeersSuite();
