import { InvalidArgumentError } from '../../errors.js';
import type { GraphBuilder, Value } from '../../ir/builder.js';
import { parallelInitialState } from '../initial-state.js';
import { llnChunked } from '../lln/chunked.js';
import type { LlnOptions } from '../lln/options.js';
import { llnParallelParts } from '../lln/parallel.js';
import type { AttentionInputs, StateValues } from '../mechanism.js';
import { blockDiagFromState } from './block-continuation.js';
import { blockDiagSoftmax } from './block-diag-softmax.js';
import { lastBlockState } from './block-state.js';

export interface LlnDiagParts {
  readonly out: Value;
  readonly llnPart: Value;
  readonly diagPart: Value;
  readonly state?: StateValues;
}

function checkSameLength(q: Value, k: Value): void {
  if (q.dim(2) !== k.dim(2)) {
    throw new InvalidArgumentError(
      `lln-diag: the block-diagonal part needs n_q == n_k, got ${String(q.dim(2))} and ${String(k.dim(2))}`,
    );
  }
}

/** The block size is the head dim d, as in the reference (block m holds tokens [m d, (m+1) d)). */
export function diagBlockSize(q: Value): number {
  return q.dim(3) as number;
}

/** 0.5 * (LLN + block-diagonal softmax): the reference's LLNPlusDiagAttention, mode 'average'. */
export function llnDiagParallelParts(
  b: GraphBuilder,
  inputs: AttentionInputs,
  options: LlnOptions & { readonly causal: boolean; readonly initialState?: StateValues },
): LlnDiagParts {
  const { q, k, v } = inputs;
  checkSameLength(q, k);
  const initial = parallelInitialState('lln-diag', options);
  const lln = llnParallelParts(b, inputs, options);
  const blockSize = diagBlockSize(q);
  if (initial) {
    const diag = blockDiagFromState(b, q, k, v, blockSize, initial);
    const out = b.mul(b.add(lln.out, diag.out), 0.5);
    return { out, llnPart: lln.out, diagPart: diag.out, state: { ...lln.state, ...diag.state } };
  }
  const diagPart = blockDiagSoftmax(b, q, k, v, blockSize, options.causal);
  const out = b.mul(b.add(lln.out, diagPart), 0.5);
  if (!lln.state) return { out, llnPart: lln.out, diagPart };
  return {
    out,
    llnPart: lln.out,
    diagPart,
    state: { ...lln.state, ...lastBlockState(b, k, v, blockSize) },
  };
}

/**
 * Chunked LLN plus the block-diagonal part, which is local and needs no carry beyond its block (from
 * an initial state, that block's filled slots).
 */
export function llnDiagChunked(
  b: GraphBuilder,
  inputs: AttentionInputs,
  options: LlnOptions & { readonly chunkSize: number; readonly initialState?: StateValues },
): { readonly out: Value; readonly state: StateValues } {
  const { q, k, v } = inputs;
  checkSameLength(q, k);
  const lln = llnChunked(b, inputs, options);
  const blockSize = diagBlockSize(q);
  if (options.initialState) {
    const diag = blockDiagFromState(b, q, k, v, blockSize, options.initialState);
    return { out: b.mul(b.add(lln.out, diag.out), 0.5), state: { ...lln.state, ...diag.state } };
  }
  const diagPart = blockDiagSoftmax(b, q, k, v, blockSize, true);
  return {
    out: b.mul(b.add(lln.out, diagPart), 0.5),
    state: { ...lln.state, ...lastBlockState(b, k, v, blockSize) },
  };
}
