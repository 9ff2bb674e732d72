import type { MechanismCost } from '@constant-attention/core';
import type { TrainThroughputResult } from '@constant-attention/model';

/**
 * results.json layout. Bump SCHEMA_VERSION on any change a reader could notice (a renamed or removed
 * field, a changed unit); adding an optional field is not a bump. README.md documents every field.
 */
export const SCHEMA_VERSION = 2;

export interface MachineInfo {
  readonly cpus: { readonly model: string; readonly count: number };
  readonly memory_bytes: number;
  readonly platform: string;
  readonly arch: string;
  readonly node_version: string;
  /** name -> version of the runtimes and of our own packages. */
  readonly packages: Readonly<Record<string, string>>;
  /** ISO 8601, when the run started. */
  readonly date: string;
}

/** Latency statistics over tinybench samples, in milliseconds. */
export interface LatencyStats {
  readonly median_ms: number;
  readonly p10_ms: number;
  readonly p90_ms: number;
  readonly min_ms: number;
  readonly max_ms: number;
  readonly samples: number;
}

interface SampleBase extends LatencyStats {
  readonly suite: string;
  readonly mechanism: string;
  /** `ort`, `tfjs`, ... */
  readonly backend: string;
  /** `cpu`, `wasm`, ... */
  readonly device: string;
  /** The mechanism's stated asymptotic cost, printed next to the measurement. */
  readonly cost: MechanismCost;
}

export interface DecodeSample extends SampleBase {
  readonly suite: 'decode';
  /** Context length: tokens already in the state when the timed step runs. */
  readonly n: number;
  readonly state_bytes: number;
  /** How many real tokens produced the state's values (see README: 'How the context state is built'). */
  readonly prefix_tokens: number;
  /** Interleaved timing only: t(n) / t(reference_n) paired round by round (README: decode). */
  readonly paired_ratio?: {
    readonly reference_n: number;
    readonly median: number;
    readonly p10: number;
    readonly p90: number;
    readonly rounds: number;
  };
}

export interface PrefillSample extends SampleBase {
  readonly suite: 'prefill';
  readonly form: 'parallel' | 'chunked';
  readonly n: number;
  readonly chunk_size?: number;
  /** Peak resident-set growth over the pre-run baseline while the form ran; sampled, so a lower bound. */
  readonly peak_rss_delta_bytes: number;
}

export interface RooflineSample extends SampleBase {
  readonly suite: 'roofline';
  /** 'matmul' is the reference kernel: a 1024 x 1024 x 1024 MatMul on the same backend. */
  readonly form: 'recurrent' | 'parallel' | 'chunked' | 'matmul';
  readonly n: number;
  readonly flops: number;
  readonly bytes: number;
  readonly gflops_per_s: number;
  /** gflops_per_s over the same backend's matmul GFLOP/s. */
  readonly fraction_of_matmul: number;
  readonly arithmetic_intensity: number;
}

export type BenchSample = DecodeSample | PrefillSample | RooflineSample | TrainSample | PeerSample;

/** A measured result that contradicts the mechanism's stated cost. */
export interface Contradiction {
  readonly mechanism: string;
  readonly backend: string;
  readonly device: string;
  readonly form?: string;
  readonly message: string;
}

export interface BenchResults {
  readonly schema_version: typeof SCHEMA_VERSION;
  readonly suite: string;
  readonly command: string;
  readonly quick: boolean;
  readonly machine: MachineInfo;
  readonly samples: readonly BenchSample[];
  readonly contradictions: readonly Contradiction[];
  /** Suite-specific summary figures (speed-ups, crossover lengths, matmul GFLOP/s). */
  readonly summary: Readonly<Record<string, unknown>>;
}

/** One trainThroughput run (model package): the whole compiled step, forward + backward + AdamW. */
export interface TrainSample extends TrainThroughputResult {
  readonly suite: 'train';
  readonly mechanism: string;
  readonly backend: string;
  readonly device: string;
  readonly cost: MechanismCost;
  readonly layers: number;
  readonly d_model: number;
  readonly seq: number;
  readonly batch: number;
  /** The GPT's positions ('learned' in the bench: the PyTorch anchor's). */
  readonly positions?: string;
  /** ONNX Runtime's intra- and inter-op thread counts, on ort backends. */
  readonly ort_threads?: { readonly intra: number; readonly inter: number };
}

/** Our lowering against ONNX Runtime's own fused op, same shapes, same process. */
export interface PeerSample {
  readonly suite: 'peers';
  /** Our mechanism. */
  readonly mechanism: string;
  readonly backend: string;
  readonly device: string;
  readonly cost: MechanismCost;
  /** 'Attention' (opset 23) or 'com.microsoft.LinearAttention'. */
  readonly peer: string;
  /** Our form: softmax 'parallel' vs Attention; 'chunked' (prefill) and 'recurrent' (a decode step) vs LinearAttention. */
  readonly form: 'parallel' | 'chunked' | 'recurrent';
  /** Sequence length (parallel, chunked) or context length (recurrent). */
  readonly n: number;
  /** recurrent only: how many real tokens built both sides' state (as decode --quick, capped). */
  readonly prefix_tokens?: number;
  readonly ours: LatencyStats;
  /** Absent when the peer op could not run; `unavailable` says why. */
  readonly peer_stats?: LatencyStats;
  readonly unavailable?: string;
  /** ours median / peer median: above 1 means ours is slower. */
  readonly ratio?: number;
  /** Largest |ours - peer| over the outputs, checked before timing. */
  readonly max_abs_diff?: number;
  /** Our form's FLOPs and compulsory bytes (src/costs/); absent where its cost.ts states no FLOP count. */
  readonly flops?: number;
  readonly bytes?: number;
}
