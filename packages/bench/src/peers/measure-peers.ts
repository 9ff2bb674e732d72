import {
  type Backend,
  buildChunkedGraph,
  buildParallelGraph,
  buildStepGraph,
  type DeviceTensor,
  type Executable,
  getMechanism,
  isDeviceTensor,
  STATE_IN_PREFIX,
  STATE_OUT_PREFIX,
  type Tensor,
  type TensorLike,
} from '@constant-attention/core';
import { type TimingBudget, timeTask } from '../measure/time-task.js';
import type { LatencyStats } from '../schema/bench-results.js';
import { attentionPeerModel } from './attention-peer.js';
import { linearAttentionPeerModel } from './linear-attention-peer.js';
import type { OrtTensorLike } from './load-onnxruntime.js';
import type { PeerDims } from './peer-dims.js';
import { peerInputs } from './peer-inputs.js';
import type { PeerModel } from './peer-model.js';
import { float32Of, headsToTokens, maxAbsDiff, openPeerSession, ortTensor } from './peer-session.js';

/**
 * One comparison. Both sides run once first and their outputs are compared (`max_abs_diff`); only
 * then, when a budget is given, are both timed, ours first, back to back in the same process.
 */
export interface PeerRun {
  /** Ours, in the peer's output layout. */
  readonly ours: Float32Array;
  readonly peer?: Float32Array;
  readonly max_abs_diff?: number;
  /** Why the peer could not run; then there is no peer output and no peer timing. */
  readonly unavailable?: string;
  readonly ours_stats?: LatencyStats;
  readonly peer_stats?: LatencyStats;
}

interface OursSide {
  /** One run; returns the output in the peer's layout. */
  readonly run: () => Promise<Float32Array>;
  /** What is timed (may skip the output's layout conversion). */
  readonly timed: () => Promise<unknown>;
}

async function compare(
  label: string,
  ours: OursSide,
  model: PeerModel,
  peerFeeds: () => Promise<Record<string, OrtTensorLike>>,
  budget: TimingBudget | undefined,
): Promise<PeerRun> {
  const oursOut = await ours.run();
  const opened = await openPeerSession(model);
  if ('unavailable' in opened) {
    const ours_stats = budget ? await timeTask(`${label} ours`, ours.timed, budget) : undefined;
    return { ours: oursOut, unavailable: opened.unavailable, ...(ours_stats ? { ours_stats } : {}) };
  }
  try {
    const feeds = await peerFeeds();
    const peer = (await opened.session.run(feeds)).out!.data;
    const max_abs_diff = maxAbsDiff(oursOut, peer);
    if (!budget) return { ours: oursOut, peer, max_abs_diff };
    const ours_stats = await timeTask(`${label} ours`, ours.timed, budget);
    const peer_stats = await timeTask(`${label} peer`, () => opened.session.run(feeds), budget);
    return { ours: oursOut, peer, max_abs_diff, ours_stats, peer_stats };
  } finally {
    await opened.session.release();
  }
}

const ortOf = (t: Tensor): OrtTensorLike => ortTensor(float32Of(t), t.shape);

/** [b, h, n, d] host tensor -> the peer's packed [b, n, h * d]. */
function packed(t: Tensor): OrtTensorLike {
  const [b, h, n, d] = t.shape as [number, number, number, number];
  return ortTensor(headsToTokens(float32Of(t), t.shape), [b, n, h * d]);
}

async function withExecutable<T>(exe: Executable, use: (exe: Executable) => Promise<T>): Promise<T> {
  try {
    return await use(exe);
  } finally {
    await exe.dispose();
  }
}

/**
 * A mechanism's parallel causal form against ONNX's Attention (opset 23, is_causal) over n tokens; the
 * mechanism declares `peers.onnxAttention` (softmax with its default options).
 */
export async function parallelVsAttention(
  backend: Backend,
  mechanism: string,
  dims: PeerDims,
  n: number,
  budget?: TimingBudget,
): Promise<PeerRun> {
  const graph = buildParallelGraph(getMechanism(mechanism), { ...dims, seqQ: n, seqK: n }, { causal: true });
  return withExecutable(await backend.compile(graph, { name: `${mechanism}-parallel-${n}` }), (exe) => {
    const feeds = peerInputs(dims, n, 3);
    return compare(
      `${mechanism}-vs-Attention@${n}`,
      { run: async () => float32Of((await exe.run(feeds)).out!), timed: () => exe.run(feeds) },
      attentionPeerModel(dims, n),
      async () => ({ q: ortOf(feeds.q), k: ortOf(feeds.k), v: ortOf(feeds.v) }),
      budget,
    );
  });
}

/**
 * Our chunked form (the prefill a decoder runs) against LinearAttention over n tokens from an empty
 * state. Chunk size min(256, n), as the other suites use.
 */
export async function linearPrefillVsPeer(
  backend: Backend,
  mechanism: string,
  dims: PeerDims,
  n: number,
  budget?: TimingBudget,
): Promise<PeerRun> {
  const graph = buildChunkedGraph(
    getMechanism(mechanism),
    { ...dims, seqQ: n },
    { chunkSize: Math.min(256, n) },
  );
  return withExecutable(await backend.compile(graph, { name: `${mechanism}-chunked-${n}` }), (exe) => {
    const feeds = peerInputs(dims, n, 3);
    return compare(
      `${mechanism}-prefill-vs-LinearAttention@${n}`,
      {
        run: async () => {
          const out = (await exe.run(feeds)).out!;
          return headsToTokens(float32Of(out), out.shape);
        },
        timed: () => exe.run(feeds),
      },
      linearAttentionPeerModel(mechanism, dims, n, false),
      async () => ({ q: packed(feeds.q), k: packed(feeds.k), v: packed(feeds.v) }),
      budget,
    );
  });
}

/**
 * One decode step after a real prefix of `prefix` tokens: ours is the mechanism's step graph with
 * its state resident on the backend (built by our chunked form), the peer is LinearAttention on one
 * token with `past_state` built by its own run over the same prefix. Every timed step starts from the
 * same state and drops its `present` state, so each sample is the same step.
 */
export async function linearStepVsPeer(
  backend: Backend,
  mechanism: string,
  dims: PeerDims,
  prefix: number,
  budget?: TimingBudget,
): Promise<PeerRun> {
  const m = getMechanism(mechanism);
  const specs = m.stateSpecs(dims, m.defaultOptions);
  const keep = specs.map((s) => STATE_OUT_PREFIX + s.name);
  const prefixFeeds = peerInputs(dims, prefix, 7);
  const token = peerInputs(dims, 1, 11);
  const chunked = buildChunkedGraph(
    m,
    { ...dims, seqQ: prefix },
    { chunkSize: Math.min(256, prefix), withState: true },
  );
  const state: Record<string, DeviceTensor> = {};
  await withExecutable(
    await backend.compile(chunked, { name: `${mechanism}-prefix-${prefix}` }),
    async (exe) => {
      const result = await exe.run(prefixFeeds, { keepOnDevice: keep });
      for (const spec of specs) {
        const value = result[STATE_OUT_PREFIX + spec.name];
        if (!isDeviceTensor(value))
          throw new Error(`${mechanism}: state '${spec.name}' did not stay on the device`);
        state[spec.name] = value;
      }
    },
  );
  try {
    const step = await backend.compile(buildStepGraph(m, dims), { name: `${mechanism}-step` });
    return await withExecutable(step, (exe) => {
      const feeds: Record<string, TensorLike> = { ...token };
      for (const spec of specs) feeds[STATE_IN_PREFIX + spec.name] = state[spec.name]!;
      const runStep = async () => {
        const result = await exe.run(feeds, { keepOnDevice: keep });
        for (const name of keep) (result[name] as DeviceTensor).dispose();
        return result.out as Tensor;
      };
      return compare(
        `${mechanism}-step-vs-LinearAttention@${prefix}`,
        // [b, h, 1, d] is already the memory order of the peer's [b, 1, h, d].
        { run: async () => float32Of(await runStep()), timed: runStep },
        linearAttentionPeerModel(mechanism, dims, 1, true),
        async () => ({
          q: packed(token.q),
          k: packed(token.k),
          v: packed(token.v),
          past_state: await peerPrefixState(mechanism, dims, prefixFeeds),
        }),
        budget,
      );
    });
  } finally {
    for (const t of Object.values(state)) t.dispose();
  }
}

/** The peer's own state after the prefix: LinearAttention run over it from zeros. */
async function peerPrefixState(
  mechanism: string,
  dims: PeerDims,
  prefix: { q: Tensor; k: Tensor; v: Tensor },
): Promise<OrtTensorLike> {
  const n = prefix.q.shape[2]!;
  const opened = await openPeerSession(linearAttentionPeerModel(mechanism, dims, n, false));
  if ('unavailable' in opened) throw new Error(opened.unavailable);
  try {
    const result = await opened.session.run({
      q: packed(prefix.q),
      k: packed(prefix.k),
      v: packed(prefix.v),
    });
    return result.present_state!;
  } finally {
    await opened.session.release();
  }
}
