import { guardedFastPath } from '../../composites/guarded-fast-path.js';
import { subtractedShift } from '../../composites/shift.js';
import { InvalidArgumentError } from '../../errors.js';
import type { GraphBuilder, Value } from '../../ir/builder.js';
import { fromChunks, planChunks, toChunks } from '../common/chunks.js';
import { nextPowerOfTwo } from '../common/next-power-of-two.js';
import { inSequenceGroups, SEQUENCE_GROUP_TOKENS } from '../common/sequence-groups.js';
import type { AttentionInputs, FormOutput, StateValues } from '../mechanism.js';
import { checkHeinsenInputs } from './check-inputs.js';
import { dyadicMass, dyadicScores } from './dyadic-blocks.js';
import { type PrefixRead, prefixRead } from './prefix-read.js';
import { asScaledState, scaledStateValues } from './recurrent.js';
import {
  concatItems,
  padItems,
  reshapeItem,
  scaledExclusiveScan,
  scaledPrefixScan,
  scaledTotal,
  sliceItems,
} from './scaled-scan.js';
import { combineScaled, outputOf, type ScaledSums, scaledKeySums, withOnesColumn } from './scaled-sums.js';
import { FAST_PATH_MAX_SEGMENT, fastPathGuard, segmentFastMass } from './segment-fast-mass.js';
import { type BlockSegments, blockSegments, segmentCount, withPartAxis } from './segment-sums.js';

const NEG_INF = Number.NEGATIVE_INFINITY;

export interface HeinsenChunkedOptions {
  readonly chunkSize: number;
  /** State of an earlier prefix to continue from; empty when absent. */
  readonly initialState?: StateValues;
  /**
   * Tokens per sequence group (default 2048, rounded up to whole chunks): longer sequences run group
   * after group, each continuing from the state of the one before, so the peak memory is one group's
   * intermediates plus the output. The result is the same for any value.
   */
  readonly groupTokens?: number;
  /**
   * Whether to offer the guarded segment fast path (default true; segment-fast-mass.ts). false builds
   * the exact dyadic path alone: no guard and no branch, so the time does not depend on the input's
   * magnitudes. Results agree either way.
   */
  readonly fastPath?: boolean;
}

/**
 * Causal chunked Heinsen attention in real space, exact for any |q|, |k|. Per chunk: its keys' sums
 * (one GEMM, [d_k, d_v + 1]); a scan over the chunks (GEMMs over a [d_k, T, T] decay matrix) gives each
 * chunk the sums of everything before it, against the running key max; the chunk's own causal block is
 * split dyadically (dyadic-blocks.ts). One row shift R_i, the largest log weight query i gets from any
 * part, makes every factor <= 1 and lets all parts add in real space; o = N / Z at the end.
 * The tail chunk and each chunk's power-of-two padding hold keys of -inf, which weigh exactly 0.
 * Chunks of 64 and up also get a guarded fast path for the in-chunk part (segment-fast-mass.ts) unless
 * `fastPath` is false.
 */
export function heinsenChunked(
  b: GraphBuilder,
  inputs: AttentionInputs,
  options: HeinsenChunkedOptions,
): FormOutput & { readonly state: StateValues } {
  checkHeinsenInputs('chunked', inputs, true);
  const groupTokens = options.groupTokens ?? DEFAULT_GROUP_TOKENS;
  if (!Number.isInteger(groupTokens) || groupTokens < 1)
    throw new InvalidArgumentError(
      `heinsen chunked: groupTokens must be a positive integer, got ${String(groupTokens)}`,
    );
  if (options.fastPath !== undefined && typeof options.fastPath !== 'boolean')
    throw new InvalidArgumentError(
      `heinsen chunked: fastPath must be true or false, got ${String(options.fastPath)}`,
    );
  const chunkOptions = { chunkSize: options.chunkSize, fastPath: options.fastPath };
  // A symbolic length runs one group: how many there are is known only at run time (see README).
  if (typeof inputs.q.dim(2) !== 'number')
    return chunkedGroup(b, inputs, { ...chunkOptions, initialState: options.initialState });
  const { size } = planChunks('heinsen chunked', inputs.q.dim(2), options.chunkSize, { fitToLength: true });
  return inSequenceGroups(
    b,
    inputs,
    Math.ceil(groupTokens / size) * size,
    options.initialState,
    (group, initialState) => chunkedGroup(b, group, { ...chunkOptions, initialState }),
  );
}

/**
 * Measured on ORT CPU (2 threads, H = 8, d = 64, C = 256): at n = 65536 the first run's peak RSS growth
 * was 1.7 GB in one pass, 1.1 GB in groups of 8192, 0.82 GB in groups of 4096 and 0.69 GB in groups of
 * 2048; at n = 8192, 342 MiB in groups of 4096 and 208 MiB in groups of 2048. Paired A/B runs found 2048
 * and 4096 even in time at both lengths (within +-8%); 1024 and 512 were 3-9% slower.
 */
export const DEFAULT_GROUP_TOKENS = SEQUENCE_GROUP_TOKENS;

function chunkedGroup(
  b: GraphBuilder,
  inputs: AttentionInputs,
  options: HeinsenChunkedOptions,
): FormOutput & { readonly state: StateValues } {
  const { q, k, v } = inputs;
  const plan = planChunks('heinsen chunked', q.dim(2), options.chunkSize, { fitToLength: true });
  const { size, count: chunks } = plan;
  const blockLength = nextPowerOfTwo(size);
  const toBlock = (x: Value, fill: number) =>
    blockLength > size ? b.padAxis(x, 3, 0, blockLength - size, fill) : x;
  const values = toChunks(b, withOnesColumn(b, v), plan);
  const queries = toBlock(toChunks(b, q, plan), 0);
  const keys = toBlock(toChunks(b, k, plan, NEG_INF), NEG_INF);
  const blockValues = toBlock(values, 0);
  // Large blocks read their upper dyadic levels from segment key sums, with the prefix (segment-sums.ts).
  const segments = segmentCount(blockLength);
  const inBlock = dyadicScores(b, queries, keys, segments ? blockLength / segments : blockLength);
  const blockParts = segments ? blockSegments(b, keys, blockValues, segments) : undefined;
  const perChunk = blockParts?.total ?? scaledKeySums(b, keys, blockValues);

  const { before, after } =
    typeof chunks === 'number'
      ? concreteScan(b, perChunk, chunks, options.initialState)
      : symbolicScan(b, perChunk, options.initialState);

  const prefix = prefixRead(b, queries, blockParts?.seen(before) ?? withPartAxis(b, before));
  // One offset per row for the prefix and every in-chunk part (see dyadic-blocks.ts): they add as is.
  const shift = subtractedShift(b, b.maximum(inBlock.rowMax, prefix.rowMax));
  const exact = b.add(dyadicMass(b, inBlock, shift, blockValues), prefix.mass(shift));
  const realRows = (x: Value) => fromChunks(b, blockLength > size ? b.slice(x, [3], [0], [size]) : x, plan);
  const mass =
    options.fastPath !== false && blockParts && blockLength / segments <= FAST_PATH_MAX_SEGMENT
      ? guardedMass(b, queries, blockParts, blockValues, prefix, inBlock.diagonalMax, exact, realRows)
      : exact;
  return { out: outputOf(b, realRows(mass)), state: scaledStateValues(b, after) };
}

/**
 * The exact mass, or the segment fast path's where its guard holds (segment-fast-mass.ts). With
 * typical magnitudes every row passes, and a runtime that branches computes one GEMM per segment
 * instead of the dyadic levels.
 */
function guardedMass(
  b: GraphBuilder,
  queries: Value,
  segments: BlockSegments,
  values: Value,
  prefix: PrefixRead,
  diagonalMax: Value,
  exact: Value,
  realRows: (x: Value) => Value,
): Value {
  const fast = segmentFastMass(b, queries, segments.keys, values, prefix);
  const guard = fastPathGuard(b, fast.rowMax, diagonalMax, prefix.rowMax, realRows);
  return guardedFastPath(b, guard, fast.mass, exact);
}

/** The sums before each chunk ([b, h, chunks, ...]) and after the last ([b, h, ...]). */
interface ChunkPrefixes {
  readonly before: ScaledSums;
  readonly after: ScaledSums;
}

/** Item 0 is the earlier prefix (or nothing), so item c of the inclusive scan is all before chunk c. */
function concreteScan(
  b: GraphBuilder,
  perChunk: ScaledSums,
  chunks: number,
  initialState: StateValues | undefined,
): ChunkPrefixes {
  const [batch, heads] = [perChunk.sums.dim(0), perChunk.sums.dim(1)];
  const items = initialState
    ? concatItems(b, [reshapeItem(b, asScaledState(b, initialState), [batch, heads, 1]), perChunk])
    : padItems(b, perChunk, 1, 0);
  const prefixes = scaledPrefixScan(b, items);
  return {
    before: sliceItems(b, prefixes, 0, chunks),
    after: reshapeItem(b, sliceItems(b, prefixes, chunks, chunks + 1), [batch, heads]),
  };
}

/**
 * A symbolic chunk count cannot slice item `chunks` out of a scan, so the prefix before each chunk is
 * an exclusive scan (plus the earlier state, combined per chunk) and the state after is the total of
 * every chunk's sums (plus the earlier state).
 */
function symbolicScan(
  b: GraphBuilder,
  perChunk: ScaledSums,
  initialState: StateValues | undefined,
): ChunkPrefixes {
  const [batch, heads] = [perChunk.sums.dim(0), perChunk.sums.dim(1)];
  const total = scaledTotal(b, perChunk);
  if (!initialState) return { before: scaledExclusiveScan(b, perChunk), after: total };
  const initial = asScaledState(b, initialState);
  return {
    before: combineScaled(b, reshapeItem(b, initial, [batch, heads, 1]), scaledExclusiveScan(b, perChunk)),
    after: combineScaled(b, initial, total),
  };
}
