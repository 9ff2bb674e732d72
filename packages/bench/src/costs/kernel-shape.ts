/** The shape a cost formula is evaluated at. `n` is the sequence length, or the context length t for a step. */
export interface KernelShape {
  readonly batch: number;
  readonly heads: number;
  readonly n: number;
  readonly dk: number;
  readonly dv: number;
  /** Chunk size of the chunked form. */
  readonly chunkSize: number;
}

export type KernelForm = 'parallel' | 'chunked' | 'step';

export interface KernelCost {
  /** Floating-point operations, as the form's graph performs them (see README.md, 'Cost formulas'). */
  readonly flops: number;
  /** Compulsory float32 traffic: inputs read, outputs and state written, state read. */
  readonly bytes: number;
}

export const FLOAT32_BYTES = 4;

/** n rounded up to whole blocks: chunked graphs pad the last chunk. */
export function padded(n: number, block: number): number {
  return Math.ceil(n / block) * block;
}
