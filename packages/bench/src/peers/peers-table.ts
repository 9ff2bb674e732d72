import { formatBytes, formatMs, formatRatio, formatSi, markdownTable } from '../report/format.js';
import type { PeerSample } from '../schema/bench-results.js';
import { linearAttentionPeerOf } from './linear-attention-peer.js';
import type { PeerDims } from './peer-dims.js';

/**
 * Why ours is slower, from the cost counts (src/costs/): what our graph does that the fused op
 * need not. Only stated for rows where ours is slower.
 */
export function slowerBecause(s: PeerSample, dims: PeerDims): string {
  const heads = dims.batch * dims.heads;
  const flops = s.flops === undefined ? 'no FLOP count stated' : `${formatSi(s.flops)} FLOPs`;
  const extra = linearAttentionPeerOf(s.mechanism)?.extraWork;
  if (s.form === 'parallel') {
    const scores = 4 * heads * s.n * s.n;
    return (
      `ours computes the full masked ${s.n}x${s.n} square (${flops}) and writes ` +
      `${formatBytes(scores)} of scores that each unfused node (MatMul, mask, Softmax, MatMul) reads and ` +
      'writes again; a fused causal kernel can skip the upper triangle and keep score tiles in cache'
    );
  }
  const recurrence = heads * 4 * dims.dk * (dims.dv + 1);
  if (s.form === 'chunked') {
    return (
      `ours: ${flops} (C x C intra-chunk scores plus a state MatMul per chunk` +
      `${extra?.chunked ? `, ${extra.chunked}` : ''}); the peer's token recurrence needs ` +
      `${formatSi(recurrence * s.n)} with no score blocks`
    );
  }
  const intensity =
    s.flops === undefined || s.bytes === undefined
      ? ''
      : ` (${(s.flops / s.bytes).toPrecision(2)} FLOP/byte, ${formatBytes(s.bytes)})`;
  return (
    `a step is memory-bound${intensity}; ` +
    `ours runs several graph nodes over the [d_k, d_v] state${extra?.recurrent ? ` (${extra.recurrent})` : ''} ` +
    'plus our executable\u2019s per-run feed checks, the peer one kernel'
  );
}

export function peersTable(samples: readonly PeerSample[], dims: PeerDims): string {
  const rows = samples.map((s) => [
    `${s.mechanism} ${s.form}`,
    s.peer,
    s.form === 'recurrent' ? `${s.n} (prefix ${s.prefix_tokens})` : String(s.n),
    formatMs(s.ours.median_ms),
    s.peer_stats ? formatMs(s.peer_stats.median_ms) : (s.unavailable ?? '-'),
    s.ratio === undefined ? '-' : formatRatio(s.ratio),
    s.max_abs_diff === undefined ? '-' : s.max_abs_diff.toExponential(1),
    s.flops === undefined ? '-' : formatSi(s.flops),
    s.flops === undefined ? '-' : (s.flops / (s.ours.median_ms * 1e6)).toPrecision(3),
  ]);
  const slower = samples
    .filter((s) => s.ratio !== undefined && s.ratio > 1)
    .map(
      (s) =>
        `- **${s.mechanism} ${s.form}, n = ${s.n}** (${formatRatio(s.ratio!)} slower): ${slowerBecause(s, dims)}.`,
    );
  return [
    `### ours (ort:cpu lowering) vs ONNX Runtime's fused ops, b = ${dims.batch}, H = ${dims.heads}, d = ${dims.dk}`,
    '',
    markdownTable(
      [
        'ours',
        'peer op',
        'n',
        'ours ms',
        'peer ms',
        'ours / peer',
        'max abs diff',
        'our FLOPs',
        'our GFLOP/s',
      ],
      rows,
    ),
    '',
    ...(slower.length > 0
      ? ['Where ours is slower, and why:', '', ...slower, '']
      : ['Ours is never slower.', '']),
  ].join('\n');
}

/** `<mechanism> <form> n=<n>` -> ours / peer, or the reason the peer could not run. */
export function peersSummary(samples: readonly PeerSample[]): Record<string, unknown> {
  const ratios: Record<string, number | string> = {};
  for (const s of samples)
    ratios[`${s.mechanism} ${s.form} n=${s.n}`] = s.ratio ?? s.unavailable ?? 'no peer timing';
  const diff = Math.max(0, ...samples.map((s) => s.max_abs_diff ?? 0));
  return { ours_over_peer: ratios, max_abs_diff: diff };
}
